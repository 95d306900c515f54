"""Which source of highlights wins: the page's own block, then the summary the page declares (JSON-LD
abstract, then description), then the feed entry's summary, then ranked sentences of the text."""

from __future__ import annotations

import pytest

from digest.highlights.extract import extract_page, page_from_summary
from tests.highlights.pages import STORY, json_ld, page


def test_it_prefers_the_visible_block_to_the_json_ld_abstract() -> None:
    ld = json_ld('{"@type": "NewsArticle", "abstract": "A summary of exactly eight words right here."}')

    extracted = extract_page(page(f"<h2>Key points</h2><ul><li>The point.</li></ul>{STORY}", head=ld))

    assert extracted.highlight_marker == "Key points"


def test_it_ignores_a_json_ld_description_that_only_copies_the_lead() -> None:
    lead = "Paragraph 1 of the story says something long enough for an extractor to count it."
    ld = json_ld(f'{{"@type": "NewsArticle", "description": "{lead}"}}')

    assert extract_page(page(STORY, head=ld)).explicit_highlights == []


def test_a_feed_summary_that_reads_as_one_becomes_the_publishers_highlights() -> None:
    extracted = page_from_summary(
        "T", "<p>The council approved the budget. Schools get 40 million euros.</p>"
    )

    assert extracted.highlight_marker == "feed summary"
    assert extracted.explicit_highlights == [
        "The council approved the budget.",
        "Schools get 40 million euros.",
    ]


@pytest.mark.parametrize(
    "summary",
    [
        "<p>The council approved the budget after a debate that went on for hours and [&#8230;]</p>",
        "<p>The council approved the budget after a long debate on Tuesday night...</p>",
        "<p>council, budget, schools, vote</p>",
        "<p>" + "The council approved the budget after a long debate. " * 12 + "</p>",
    ],
)
def test_a_teaser_excerpt_or_whole_article_in_the_feed_is_only_text(summary: str) -> None:
    extracted = page_from_summary("T", summary)

    assert extracted.explicit_highlights == []
    assert extracted.text
