"""A doubt (where a box stands or how it is drawn) rules out a candidate unless a label people read, its
place atop the story, sentence-like items and its echo of the story make it strong; a rule-out (what a
box is) is never outweighed. The pages are reduced from the fresh-corpus blocks such doubts once threw
away, each named beside it."""

from __future__ import annotations

from lxml import html

from digest.highlights.candidate import Candidate
from digest.highlights.extract import extract_page
from digest.highlights.verdict import STRONG, Verdict
from tests.highlights.pages import page
from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

POINTS = "".join(f"<li>{item}</li>" for item in ITEMS)
PARAGRAPHS = [f"<p>{part}" for part in HARBOUR.split("<p>")[1:]]


def _verdict(*, label: str, score: int) -> Verdict:
    anchor = html.fromstring("<div>Key Takeaways</div>")
    candidate = Candidate(
        marker="Key Takeaways", anchor=anchor, items=ITEMS, item_elements=[], cut=[], label=label
    )
    return Verdict(candidate, score=score)


def test_a_strong_labelled_candidate_outweighs_its_doubts_and_says_so() -> None:
    verdict = _verdict(label="key takeaways", score=STRONG)
    verdict.doubt("inside a quotation from elsewhere")

    verdict.settle()

    assert verdict.rejected == ""
    assert verdict.score == STRONG
    assert verdict.reasons[-1].endswith("echo of the story: inside a quotation from elsewhere")


def test_a_doubt_rules_out_a_candidate_short_of_strong() -> None:
    verdict = _verdict(label="key takeaways", score=STRONG - 1)
    verdict.doubt("inside a card box (shadow-card)")
    verdict.doubt("inside a quotation from elsewhere")

    verdict.settle()

    assert verdict.rejected == "inside a card box (shadow-card)"


def test_a_doubt_rules_out_an_unlabelled_candidate_however_many_points() -> None:
    verdict = _verdict(label="", score=STRONG + 3)
    verdict.doubt("inside a ad box (ad-slot)")

    verdict.settle()

    assert verdict.rejected == "inside a ad box (ad-slot)"


def test_a_rule_out_is_never_outweighed() -> None:
    verdict = _verdict(label="key takeaways", score=STRONG + 3)
    verdict.reject("its items are links: navigation or other stories")
    verdict.doubt("inside a quotation from elsewhere")

    verdict.settle()

    assert verdict.rejected == "its items are links: navigation or other stories"


def test_a_quote_under_the_headline_that_only_a_class_names_is_still_a_quotation() -> None:
    quote = f"<blockquote><div class='summary'><p>{ITEMS[0]} {ITEMS[1]}</p></div></blockquote>"

    assert found(quote + HARBOUR) == ("", [])


def test_a_labelled_callout_after_the_first_section_still_sums_up_the_story() -> None:
    # Investopedia (tiptopjaw/web-content-extraction-benchmark release/html/0044, set 7): the "Key
    # Takeaways" callout follows the first section ("What Is Digital Marketing?") and sits between it and
    # the next, yet repeats the whole story.
    callout = f"<div class='mntl-sc-block-universal-callout'><h3>Key Takeaways</h3><ul>{POINTS}</ul></div>"
    body = (
        f"{PARAGRAPHS[0]}<h2>What is the harbour line?</h2>{PARAGRAPHS[1]}{callout}"
        f"<h2>Planning</h2>{PARAGRAPHS[2]}{PARAGRAPHS[3]}<h2>Costs</h2>{PARAGRAPHS[4]}{HARBOUR}"
    )

    assert found(body) == ("Key Takeaways", ITEMS)


def test_a_labelled_box_between_sections_that_does_not_repeat_the_story_sums_up_its_section() -> None:
    other = [
        "Ferries keep running on the old timetable until the works end.",
        "Cyclists get a new bridge over the river mouth next to the ferry pier.",
        "Parking fees near the ferry pier rise by a third from next month onwards.",
    ]
    box = (
        "<div class='callout'><h3>Key Takeaways</h3><ul>"
        + "".join(f"<li>{i}</li>" for i in other)
        + "</ul></div>"
    )
    body = f"<h2>Ferries</h2>{PARAGRAPHS[0]}{box}<h2>Planning</h2>{PARAGRAPHS[1]}{PARAGRAPHS[2]}{HARBOUR}"

    assert found(body) == ("", [])


def test_a_labelled_summary_in_a_teaser_wrapper_is_still_a_teaser() -> None:
    # "teaser" says what the box is, not where it stands: no evidence outweighs it.
    teaser = f"<div class='teaser-box'><h2>Key Takeaways</h2><ul>{POINTS}</ul></div>"

    assert found(teaser + HARBOUR) == ("", [])


def _between_sections(label: str) -> str:
    box = f"<div class='callout'><h3>{label}</h3><ul>{POINTS}</ul></div>"
    intro, sections = PARAGRAPHS[4], f"<h2>Planning</h2>{PARAGRAPHS[1]}{PARAGRAPHS[2]}{HARBOUR}"
    body = f"{intro}<h2>Ferries</h2>{PARAGRAPHS[0]}{box}{sections}"
    return page(body, head="<title>Council approves the harbour line extension | The Daily</title>")


def test_a_label_that_names_the_articles_subject_sums_up_the_article_between_sections() -> None:
    # AstroBackyard (set 9, WCXB dev 4146): "Fast Facts: Beginner Astrophotography Telescopes" inside the
    # first section of "The Best Astrophotography Telescope for Beginners"; TechnologyAdvice (set 9, WCXB
    # dev 4253): "TL;DR for self-employed individuals" between the sections of "5 Best Self-Employed
    # Accounting Software". A label followed by a subject is weaker than a bare one, so the doubt of its
    # place ruled both out; the subject being the article's says which part it sums up.
    extracted = extract_page(_between_sections("Fast Facts: The Harbour Line Extension"))

    assert extracted.explicit_highlights == ITEMS


def test_a_label_that_names_another_subject_still_sums_up_its_section() -> None:
    extracted = extract_page(_between_sections("Fast Facts: Ferry Timetables and Bridges"))

    assert extracted.explicit_highlights == []
