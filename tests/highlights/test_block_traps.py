"""Traps that carry a summary label or sit where a summary would, reduced from the tune halves of the
held-out sets (tests/data/real-pages-heldout-3 and -4); each source is named beside its test.
"""

from __future__ import annotations

from digest.highlights.extract import extract_page
from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found

# The story's paragraphs, whole, and one more of the story's length and words, as the labelled
# paragraphs below are on their pages.
PARAGRAPHS = [f"{p}</p>" for p in HARBOUR.split("</p>") if p]
SECTION = (
    "The council said the harbour line extension to the new district was approved on Tuesday, and that "
    "construction starts in spring 2026 and takes three years before the line carries its passengers."
)


def test_a_labelled_paragraph_in_the_storys_own_run_opens_a_section() -> None:
    # ACCU "Defining Concepts" (postlight/parser fixtures/accu.org/1488317195921.html): an <h2>Recap</h2>
    # and one paragraph open the body, then the story goes on under its own headings, all in one <div>.
    body = (
        f"<div class='content'>{PARAGRAPHS[0]}<h2>Recap</h2><p>{SECTION}</p><h2>Planning</h2>"
        f"{''.join(PARAGRAPHS[1:3])}<h2>Construction</h2>{''.join(PARAGRAPHS[3:])}</div>"
    )

    assert found(body) == ("", [])


def test_a_run_in_label_in_the_middle_of_the_story_is_no_summary() -> None:
    # AP fact check (adbar/htmldate tests/test_set/1684405920.html): "THE FACTS:" opens a paragraph
    # halfway down the story.
    labelled = f"<p><strong>THE FACTS:</strong> {SECTION}</p>"

    assert found("".join(PARAGRAPHS[:2]) + labelled + "".join(PARAGRAPHS[2:])) == ("", [])


def test_a_labelled_last_paragraph_still_sums_up_the_story() -> None:
    # Businessweek (development set, businessweek-2011-bottom-line.html): the closing paragraph
    # opens on "The bottom line:", in the story's own run: what the rule above must leave alone.
    closing = f"<p><em><strong>The bottom line:</strong> {ITEMS[0]} {ITEMS[1]}</em></p>"

    assert found(HARBOUR + closing) == ("The bottom line", [f"{ITEMS[0]} {ITEMS[1]}"])


def test_a_copy_of_the_title_in_a_share_box_is_not_the_headline() -> None:
    # Daily Mail (markusmobius/go-trafilatura test-files/mock/dailymail.co.uk.html): the headline is an
    # <h2>, the bullets follow it; the page's only <h1> is the title again, in the share box below them.
    # A second bullet list in the story ("In other twists and turns today:") is not the summary.
    title = "Council approves the harbour line extension after six hours of debate"
    html = (
        f"<html><head><title>{title} | Daily Mail Online</title></head><body><div class='article-text'>"
        f"<h2>{title}</h2><ul class='mol-bullets-with-font'>"
        + "".join(f"<li><strong>{item}</strong></li>" for item in ITEMS)
        + f"</ul><div class='shareArticles'><h1>{title}</h1></div>{PARAGRAPHS[0]}"
        "<p class='mol-para-with-font'><span class='mol-style-bold'>In other news today:</span></p>"
        "<ul class='mol-bullets-with-font'><li>The council said the new district would get its own "
        "harbour line station;</li><li>Planners expect 40,000 passengers a day once construction ends;</li>"
        f"</ul>{''.join(PARAGRAPHS[1:])}</div></body></html>"
    )

    page = extract_page(html)

    assert (page.highlight_marker, page.explicit_highlights) == ("mol-bullets-with-font", ITEMS)


def test_a_label_run_over_two_paragraphs_of_the_story_is_still_a_section() -> None:
    # ACCU (as above), when the label's run takes two of the story's paragraphs before the next heading.
    body = (
        f"<div class='content'>{PARAGRAPHS[0]}<h2>Recap</h2><p>{SECTION}</p>{PARAGRAPHS[1]}"
        f"<h2>Planning</h2>{''.join(PARAGRAPHS[2:4])}<h2>Construction</h2>{PARAGRAPHS[4]}</div>"
    )

    assert found(body) == ("", [])


def test_one_label_on_two_boxes_of_one_article_sums_up_parts() -> None:
    # Healthline (go-trafilatura test-files/comparison/healthline.com.fat.html): a "Summary" box closes
    # each method of a long guide; here there are two.
    boxes = [
        f"<div class='css-pc7ote'><strong>Summary</strong><p>{ITEMS[n]} {ITEMS[n + 1]}</p></div>"
        for n in (0, 1)
    ]
    body = (
        f"<h2>Planning</h2><div>{boxes[0]}</div>{HARBOUR}<h2>Construction</h2><div>{boxes[1]}</div>{HARBOUR}"
    )

    assert found(body) == ("", [])


def test_a_labelled_list_of_names_is_no_summary() -> None:
    # Sydney.com (omnivore readabilityjs test-pages/sydney.com): "Highlights:" over the places a walk
    # passes, a list of names (here the story's own places), not statements about the story.
    names = ["Harbour Line Extension, New District Station, Council Square", "Old Harbour Passenger Terminal"]
    box = "<h3>Highlights</h3><ul>" + "".join(f"<li>{name}</li>" for name in names) + "</ul>"

    assert found(box + HARBOUR) == ("", [])


def test_the_sites_small_print_is_no_summary() -> None:
    # Fox News (codelucas/newspaper tests/data/html/foxnews.com1.html): a "summary" box holds the
    # network's copyright line.
    notice = (
        "<div class='summary'><p>This material may not be published, broadcast, rewritten, or "
        "redistributed by the harbour line's council. ©2011 FOX News Network, LLC. All rights reserved. "
        "The council said the extension carries 40,000 passengers a day.</p></div>"
    )

    assert found(notice + HARBOUR) == ("", [])
