"""Which source of highlights wins: the page's own block, then the summary the page declares (JSON-LD
abstract, then description), then the feed entry's summary, then ranked sentences of the text.

choose_highlights is the one place that keeps this order; the collector and `digest highlights` both
ask it, so these tests are the specification of what a reader sees under an article.
"""

from __future__ import annotations

import itertools
import json

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.highlights.choose import choose_highlights, extractive_highlights
from digest.highlights.extract import extract_page, page_from_summary
from digest.models import ExtractedPage, Highlights
from tests.highlights.pages import FIXTURES, STORY, fixture, json_ld, page

TEXT = (
    "The city council approved a new budget for schools on Tuesday night after a long debate.\n"
    "The schools budget adds 40 million euros for teachers, classrooms and school buses.\n"
    "Teachers will get a pay rise of four percent from January under the new schools budget."
)
BLOCK = ["Schools get 40 million euros.", "Teachers get a pay rise."]
ABSTRACT = "The council passed the schools budget on Tuesday. It adds 40 million euros."
DESCRIPTION = (
    "Teachers get a four percent rise from January. Ten classrooms will be built. Bus fares stay as they are."
)
FEED_SUMMARY = "Spectators filled the town hall for the vote. Twenty electric buses are coming."
SOURCES = ("block", "abstract", "description", "feed summary", "text")
WINS = {
    "block": Highlights(BLOCK, "explicit", "Key points"),
    "abstract": Highlights(
        ["The council passed the schools budget on Tuesday.", "It adds 40 million euros."],
        "explicit",
        "schema.org abstract",
    ),
    "description": Highlights(
        [
            "Teachers get a four percent rise from January.",
            "Ten classrooms will be built.",
            "Bus fares stay as they are.",
        ],
        "explicit",
        "schema.org description",
    ),
    "feed summary": Highlights(
        ["Spectators filled the town hall for the vote.", "Twenty electric buses are coming."],
        "explicit",
        "feed summary",
    ),
    "text": Highlights(extractive_highlights(TEXT), "extractive"),
}


def choose_from(*sources: str, abstract: str = ABSTRACT, description: str = DESCRIPTION) -> Highlights:
    """What choose_highlights makes of only the named sources."""
    offered = ExtractedPage(
        title="A story",
        text=TEXT if "text" in sources else "",
        explicit_highlights=BLOCK if "block" in sources else [],
        highlight_marker="Key points" if "block" in sources else "",
        abstract=abstract if "abstract" in sources else "",
        description=description if "description" in sources else "",
    )
    return choose_highlights(offered, feed_summary=FEED_SUMMARY if "feed summary" in sources else "")


@pytest.mark.parametrize(("stronger", "weaker"), list(itertools.pairwise(SOURCES)))
def test_each_source_beats_the_next(stronger: str, weaker: str) -> None:
    assert choose_from(stronger, weaker) == WINS[stronger]


def test_the_feed_summary_is_read_only_when_the_page_itself_has_no_summary() -> None:
    asked: list[str] = []

    def feed_summary() -> str:
        asked.append("feed summary")
        return FEED_SUMMARY

    with_block = ExtractedPage(
        title="A story", text=TEXT, explicit_highlights=BLOCK, highlight_marker="Key points"
    )
    assert choose_highlights(with_block, feed_summary=feed_summary) == WINS["block"]
    assert asked == []
    without = ExtractedPage(title="A story", text=TEXT)
    assert choose_highlights(without, feed_summary=feed_summary) == WINS["feed summary"]
    assert asked == ["feed summary"]


@pytest.mark.parametrize("first", SOURCES)
def test_it_takes_the_first_source_offered_over_every_later_one(first: str) -> None:
    assert choose_from(*SOURCES[SOURCES.index(first) :]) == WINS[first]


WEAK = [
    "The council passed the schools budget on Tuesday after a debate that went on and […]",
    "The council passed the schools budget on Tuesday after a long debate...",
    "council, budget, schools, vote",
    "Budget passes.",
    "The council passed the schools budget on Tuesday. " * 12,
    TEXT.split("\n")[0],  # the lead copied out by the CMS
]


@pytest.mark.parametrize("weak", WEAK)
@pytest.mark.parametrize(
    ("field", "next_source"), [("abstract", "description"), ("description", "feed summary")]
)
def test_it_skips_a_weak_declared_summary_for_the_next_source(
    weak: str, field: str, next_source: str
) -> None:
    declared = {field: weak}

    assert choose_from(field, next_source, "text", **declared) == WINS[next_source]


def test_it_skips_the_lead_as_a_declared_summary_only_because_the_text_repeats_it() -> None:
    lead = TEXT.split("\n")[0]

    assert choose_from("abstract", abstract=lead).sentences == [lead]


def test_it_takes_the_json_ld_abstract_of_a_page_without_a_block() -> None:
    items = [
        "Millbrook's 48-million-euro flood barrier opened on Thursday.",
        "It protects about 2,300 homes.",
    ]
    extracted = fixture("json-ld-abstract.html")
    chosen = choose_highlights(extracted)

    assert (chosen.marker, chosen.sentences) == ("schema.org abstract", items)
    assert extracted.text.startswith("The river authority opened the new flood barrier")
    assert not any(item in extracted.text for item in items)


def test_it_takes_no_declared_summary_from_a_json_ld_teaser() -> None:
    chosen = choose_highlights(fixture("json-ld-teaser.html"))

    assert (chosen.marker, chosen.method) == ("", "extractive")


def test_it_prefers_the_visible_block_to_the_json_ld_abstract() -> None:
    ld = json_ld('{"@type": "NewsArticle", "abstract": "A summary of exactly eight words right here."}')

    extracted = extract_page(page(f"<h2>Key points</h2><ul><li>The point.</li></ul>{STORY}", head=ld))

    assert choose_highlights(extracted).marker == "Key points"


def test_it_ignores_a_json_ld_description_that_only_copies_the_lead() -> None:
    lead = "Paragraph 1 of the story says something long enough for an extractor to count it."
    ld = json_ld(f'{{"@type": "NewsArticle", "description": "{lead}"}}')

    assert choose_highlights(extract_page(page(STORY, head=ld))).method == "extractive"


def test_a_feed_summary_that_reads_as_one_becomes_the_publishers_highlights() -> None:
    extracted = page_from_summary(
        "T", "<p>The council approved the budget. Schools get 40 million euros.</p>"
    )
    chosen = choose_highlights(extracted, feed_summary=extracted.text)

    assert chosen.marker == "feed summary"
    assert chosen.sentences == [
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

    assert choose_highlights(extracted, feed_summary=extracted.text).method == "extractive"
    assert extracted.text


def test_the_highlights_command_shows_the_same_choice() -> None:
    result = CliRunner().invoke(cli, ["highlights", str(FIXTURES / "json-ld-abstract.html"), "--json"])
    shown = json.loads(result.output)

    assert (shown["method"], shown["marker"]) == ("explicit", "schema.org abstract")
    assert shown["highlights"] == choose_highlights(fixture("json-ld-abstract.html")).sentences
