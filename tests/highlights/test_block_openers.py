"""Summaries that open an article in shapes the sixth held-out set showed (its tune half,
tests/data/real-pages-heldout-6), and later tune halves: the labels they carry and where they stand to
the story. Each page is reduced from the real one named beside its test; the story is the harbour
story of tests/highlights/test_block_patterns.py.
"""

from __future__ import annotations

from digest.highlights.extract import extract_page
from tests.highlights.test_block_patterns import HARBOUR, ITEMS, found


def test_key_insights_labels_a_list_of_highlights() -> None:
    # A property guide (tiptopjaw/web-content-extraction-benchmark:release/html/0249.html.gz@977613a3):
    # <h2><strong>Key Insights</strong></h2> over a list of the article's points, after its intro.
    box = (
        "<h2><strong>Key Insights</strong></h2><ul>" + "".join(f"<li>{item}</li>" for item in ITEMS) + "</ul>"
    )

    assert found(box + HARBOUR) == ("Key Insights", ITEMS)


def test_synopsis_labels_a_paragraph_that_sums_up_the_story() -> None:
    # Economic Times (tiptopjaw/web-content-extraction-benchmark:release/html/0475.html.gz@977613a3):
    # div.artSyn holds a bold "Synopsis" title and the paragraph; here with the story in paragraphs.
    box = f"<div class='box'><div class='bold'>Synopsis</div><p>{' '.join(ITEMS)}</p></div>"

    assert found(box + HARBOUR) == ("Synopsis", [" ".join(ITEMS)])


def test_a_synopsis_paragraph_is_no_story_when_the_story_is_set_without_paragraphs() -> None:
    # Economic Times (tiptopjaw/web-content-extraction-benchmark:release/html/0475.html.gz@977613a3):
    # the synopsis is the page's only long <p>; the story is text and <br>s in div.artText below it.
    story = "<br><br>".join(p.removeprefix("<p>").removesuffix("</p>") for p in HARBOUR.split("</p>") if p)
    box = (
        f"<div class='artSyn'><div class='bold'>Synopsis</div><p class='summary'>{' '.join(ITEMS)}</p></div>"
    )

    assert found(f"{box}<div class='artText'>{story}</div>") == ("Synopsis", [" ".join(ITEMS)])


def test_a_labelled_paragraph_that_opens_the_storys_run_sums_up_the_article() -> None:
    # Embarque's blog (tiptopjaw/web-content-extraction-benchmark:release/html/0019.html.gz@977613a3):
    # div.blog-post-text opens on <h2>Quick summary</h2> and one paragraph, then the post's sections.
    # A section's "Recap" after the story has begun stays a section (tests/highlights/test_block_traps.py).
    paragraphs = [f"{p}</p>" for p in HARBOUR.split("</p>") if p]
    summary = " ".join(ITEMS)
    body = (
        f"<div class='blog-post-text'><h2>Quick summary</h2><p>{summary}</p><h2>Planning</h2>"
        f"{''.join(paragraphs[:3])}<h2>Construction</h2>{''.join(paragraphs[3:])}</div>"
    )

    assert found(body) == ("Quick summary", [summary])


def test_a_summary_sentence_may_restate_the_headline() -> None:
    # Embarque (as above): "In this article, we've compiled the top 7 blockchain SEO agencies …" holds
    # the headline ("We've Compiled the Top 7 Blockchain SEO Agencies …") inside its first sentence;
    # a header card copies it as a line of its own (tests/highlights/test_block_items.py).
    title = "Council approves the harbour line extension to the new district"
    summary = f"In this article, the {title.lower()} after a long debate, and we say what it costs."
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<div class='blog-post-text'><h2>Quick summary</h2><p>{summary}</p><h2>Planning</h2>{HARBOUR}</div>"
        "</article></body></html>"
    )

    page = extract_page(html)

    assert (page.highlight_marker, page.explicit_highlights) == ("Quick summary", [summary])


def test_a_label_atop_a_note_inside_the_story_sums_up_the_note() -> None:
    # Pydantic's docs (tiptopjaw/web-content-extraction-benchmark:release/html/0679.html.gz@977613a3):
    # after the page's opening paragraphs a div.admonition opens on <h3>TL;DR</h3> and one paragraph,
    # then "The long version" of the note. It opens the note's run, not the story's.
    paragraphs = [f"{p}</p>" for p in HARBOUR.split("</p>") if p]
    note = (
        "<div class='admonition note'><p class='admonition-title'>A note</p>"
        f"<h3>TL;DR</h3><p>{' '.join(ITEMS)}</p>"
        f"<h3>The long version</h3>{''.join(paragraphs[2:4])}</div>"
    )

    assert found(f"<div>{''.join(paragraphs[:2])}{note}{paragraphs[4]}</div>") == (
        "",
        [],
    )


def test_a_label_opening_the_emphasis_a_paragraph_is_set_in_makes_the_rest_its_item() -> None:
    # NBC News's Mach, from Futurism (MSVCode/ir-research-data chaos-all elon_musk (1), tune half):
    # <p><em>In brief: …two sentences…</em></p>, then the story's first section.
    summary = f"{ITEMS[0]} {ITEMS[1]}"
    opening = f"<p><em>In brief: {summary}</em></p><h3>A NEW LINE</h3>"

    assert found(opening + HARBOUR) == ("In brief", [summary])
