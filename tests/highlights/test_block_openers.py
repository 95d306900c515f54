"""Summaries that open an article in shapes the sixth held-out set showed (its tune half,
tests/data/real-pages-heldout-6): the labels they carry and where they stand to the story. Each page
is reduced from the real one named beside its test; the story is the harbour story of
tests/highlights/test_block_patterns.py.
"""

from __future__ import annotations

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
