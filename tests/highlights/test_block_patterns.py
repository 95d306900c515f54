"""The shapes publishers give their own summary block on real pages, and the traps that look like one.

Each page here is reduced from a real one (its source named beside it): the markup around the
block is kept as the publisher wrote it, the story is shortened to a few paragraphs.
"""

from __future__ import annotations

import pytest

from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page
from tests.highlights.pages import STORY, page

ITEMS = [
    "The council approved the harbour line extension on Tuesday.",
    "Construction starts in spring 2026 and takes three years.",
    "The line will carry 40,000 passengers a day.",
]
# A story the items above sum up, so a block's words are found in it as a real summary's would be.
HARBOUR = "".join(
    f"<p>{sentence} The council said the harbour line extension to the new district would carry "
    "40,000 passengers a day once construction ends, three years after it starts in spring 2026.</p>"
    for sentence in (
        "The city council approved the harbour line extension on Tuesday after a long debate.",
        "Construction of the extension starts in spring 2026 and is planned to take three years.",
        "Planners expect the line to carry about 40,000 passengers a day on weekdays.",
        "Residents of the new district welcomed the decision at the public meeting.",
        "The cost is shared between the city, the region and the national transport fund.",
    )
)


def _list(items: list[str], tag: str = "li") -> str:
    return "".join(f"<{tag}>{item}</{tag}>" for item in items)


def found(article: str, *, around: str = "") -> tuple[str, list[str]]:
    extracted = extract_page(page(article, around=around))
    return extracted.highlight_marker, extracted.explicit_highlights


def test_it_takes_a_drupal_field_label_followed_by_field_items() -> None:
    # Drupal 8+ field markup (core field.html.twig): a field--label div, then field--items of divs.
    block = (
        '<div class="field field--name-field-highlights field--label-above">'
        '<div class="field--label">Highlights</div><div class="field--items">'
        + "".join(f'<div class="field--item">{item}</div>' for item in ITEMS)
        + "</div></div>"
    )

    assert found(block + HARBOUR) == ("Highlights", ITEMS)


@pytest.mark.parametrize("name", ["abstract", "article-abstract", "abstract__a20fee61", "abstract__item"])
def test_it_takes_an_unlabelled_list_named_by_its_class_under_the_headline(name: str) -> None:
    # Hashed CSS-module class names as on 20 Minuten (flairNLP/fundus ch/ZwanzigMinuten_2024_12_17).
    marker, items = found(f'<ul class="{name}">{_list(ITEMS)}</ul>{HARBOUR}')

    assert (marker, items) == (name, ITEMS)


def test_it_takes_a_list_of_bold_sentences_right_after_the_headline() -> None:
    # dvg.de press release (adbar/trafilatura tests/eval/dvg.de.weihnachtsurlaub.html): no label, no class.
    bold = [f"<strong>{item}</strong>" for item in ITEMS]

    marker, items = found(f"<ul>{_list(bold)}</ul>{HARBOUR}")

    assert marker == "ul under the headline" and items == ITEMS


def test_it_takes_why_it_matters_from_an_aside_inside_the_article() -> None:
    aside = f"<aside class='callout'><h4>Why It Matters</h4><p>{ITEMS[0]} {ITEMS[1]}</p></aside>"

    assert found(HARBOUR[:400] + aside + HARBOUR[400:]) == ("Why It Matters", [f"{ITEMS[0]} {ITEMS[1]}"])


def test_it_takes_a_label_that_holds_a_known_phrase() -> None:
    assert found(f"<h3>Today at a Glance</h3><ul>{_list(ITEMS)}</ul>{HARBOUR}") == (
        "Today at a Glance",
        ITEMS,
    )


def test_it_measures_a_label_on_its_collapsed_text_not_its_indentation() -> None:
    indented = "<h2>\n" + " " * 60 + "Key takeaways\n" + " " * 60 + "</h2>"

    assert found(f"{indented}<ul>{_list(ITEMS)}</ul>{HARBOUR}") == ("Key takeaways", ITEMS)


def test_it_keeps_a_sixty_one_word_summary_paragraph_whole() -> None:
    long_item = " ".join(["The council approved the harbour line extension on Tuesday"] * 6)
    long_item += " after a long debate, at long last."
    assert len(long_item.split()) == 61

    marker, items = found(f"<div class='summary'><h3>Summary</h3><p>{long_item}</p></div>{HARBOUR}")

    assert (marker, items) == ("Summary", [long_item])


@pytest.mark.parametrize(
    "label",
    [
        "Das Wichtigste in Kürze",  # German (adbar/htmldate tests/eval/curved.de-Apple.html)
        "In Kürze:",  # German, Swiss (fundus ch/TagesAnzeiger)
        "En bref",  # French
        "L'essentiel",  # French
        "Lo esencial",  # Spanish
        "Kort fortalt",  # Norwegian (fundus no/Dagbladet)
        "In het kort",  # Dutch
        "In breve",  # Italian
        "Em resumo",  # Portuguese
    ],
)
def test_it_knows_summary_labels_in_other_languages(label: str) -> None:
    marker, items = found(f"<p><strong>{label}</strong></p><ul>{_list(ITEMS)}</ul>{HARBOUR}")

    assert (marker, items) == (label.rstrip(":"), ITEMS)


def test_it_takes_a_block_named_only_by_its_class_holding_paragraphs() -> None:
    # Business Insider Deutschland (fundus de/BusinessInsiderDE_2024_01_29): div.bi-bulletpoints of <p>s.
    marker, items = found(f"<div class='bi-bulletpoints'>{_list(ITEMS, 'p')}</div>{HARBOUR}")

    assert (marker, items) == ("bi-bulletpoints", ITEMS)


def test_it_refuses_the_first_of_many_per_section_summary_boxes() -> None:
    # A long guide with a "Summary" box per section (each sums up its own section).
    sections = "".join(
        f"<h2>Part {n}</h2><div class='box'><h3>Summary</h3>"
        f"<ul>{_list([f'Part {n}: {i}' for i in ITEMS])}</ul></div>{HARBOUR}"
        for n in range(1, 5)
    )

    assert found(sections) == ("", [])


@pytest.mark.parametrize(
    "box",
    [
        # Sponsored teaser of another site, Taboola-style (class ds_summary).
        "<div class='ds_summary'><p>Doctors stunned: this one trick melts fat overnight. "
        "Thousands of readers already tried it this week.</p><p>Try it now before it is gone.</p></div>",
        # A credit-card offer box (class summary-wrapper) in a personal-finance article.
        "<div class='summary-wrapper'><ul><li>0% intro APR for 18 months on purchases</li>"
        "<li>Earn unlimited 1.5% cash back on every purchase</li></ul></div>",
        # Drupal's body field TYPE 'text with summary' (newspaper4k tests/data/html/thai_article).
        f"<div class='field field-type-text-with-summary'>{HARBOUR}</div>",
        # Tailwind colour utility on a caption (fundus us/TheIntercept_2024_02_28).
        "<figure><figcaption class='border-y-summaryGrayDark/20 text-summaryGray'>A tram crosses the harbour "
        "bridge at dusk, seen from the old pier in the north of the city.</figcaption></figure>",
    ],
)
def test_it_refuses_boxes_whose_class_only_looks_like_a_summary(box: str) -> None:
    assert found(box + HARBOUR) == ("", [])


def test_it_refuses_the_word_highlights_in_the_middle_of_a_paragraph() -> None:
    # main once sliced the label's length off the paragraph and returned "hlights to view the text …".
    sentence = (
        "<p><span>Use </span><strong>Highlights</strong> to view the text selections you saved while reading "
        "the council report on the harbour line.</p>"
    )

    assert found(sentence + HARBOUR) == ("", [])


def test_it_refuses_a_what_you_need_to_know_label_over_links_to_other_stories() -> None:
    # Washington Post link box (adbar/htmldate tests/test_set/1676872902.html).
    links = "".join(f"<li><a href='/guide/{n}'>Guide number {n} to the pandemic</a></li>" for n in range(4))

    assert found(f"{HARBOUR[:300]}<p><b>What you need to know:</b></p><ul>{links}</ul>{HARBOUR[300:]}") == (
        "",
        [],
    )


def test_the_visible_block_wins_over_the_pages_json_ld_description() -> None:
    head = (
        '<title>A story</title><script type=\'application/ld+json\'>{"@type": "NewsArticle", '
        '"description": "The harbour line will be built. The council voted for it on Tuesday."}</script>'
    )
    html = page(f"<h2>Highlights</h2><ul>{_list(ITEMS)}</ul>{HARBOUR}", head=head)

    chosen = choose_highlights(extract_page(html))

    assert (chosen.marker, chosen.sentences) == ("Highlights", ITEMS)


def test_a_story_with_no_block_is_left_to_the_text() -> None:
    assert found(STORY) == ("", [])


def test_a_label_phrase_inside_a_running_clause_is_no_label() -> None:
    # CNN/DM text with hard line breaks (/work/shared/samples/cnndm-highlights.jsonl): a short line that
    # holds "in short" mid-clause, then more short lines, must not become an "In short" block.
    lines = ["Dignity, sadly, has been in short supply", "since the marriage imploded in 2012 after Ben"]
    lines += ["uncovered the affair after reading texts between the", "two, the court heard on Monday."]

    assert found(_list(lines, "p") + HARBOUR) == ("", [])


def test_it_refuses_one_storys_why_it_matters_in_a_multi_story_newsletter() -> None:
    # An Axios-style newsletter page: several stories under their own headings, one with "Why it matters:".
    stories = [f"<h2>Story {n}: the harbour line</h2>{HARBOUR[:900]}" for n in range(1, 4)]
    stories[1] += (
        "<p><strong>Why it matters:</strong> The line doubles the port's capacity for commuters.</p>"
    )

    assert found("".join(stories) + HARBOUR) == ("", [])


def test_the_storys_own_wrapper_classes_do_not_make_its_block_a_promo() -> None:
    # Words like "ad" or "opinion" on the wrappers that hold the whole story say nothing about its block.
    html = (
        "<html><body><main class='opinion-page ad-free'><div class='story-card'><h1>A story</h1>"
        f"<h2>Key points</h2><ul>{_list(ITEMS)}</ul>{HARBOUR}</div></main></body></html>"
    )

    extracted = extract_page(html)

    assert (extracted.highlight_marker, extracted.explicit_highlights) == ("Key points", ITEMS)
