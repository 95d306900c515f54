"""The story's own sentences as highlights: the cleaned lead by default, ranking on request, and a
bounded cost however long the page is."""

from __future__ import annotations

import pytest

from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page
from digest.highlights.extractive import (
    MAX_CANDIDATES,
    MAX_TEXT_CHARS,
    MAX_WORDS,
    candidates,
    extractive_highlights,
)
from digest.models import ExtractedPage, ExtractiveMethod
from tests.highlights.pages import page

STORY = [
    "The city council approved a new budget for schools on Tuesday night after a long debate.",
    "Spectators filled the gallery of the old town hall to watch the vote.",
    "The schools budget adds 40 million euros for teachers, classrooms and school buses.",
    "Teachers will get a pay rise of four percent from January under the new schools budget.",
    "Ten new classrooms will be built at schools in the east of the city with the money.",
]
LEAD = "Helsinki's energy company has started building the largest heat pump plant in the city."


def text_page(text: str) -> ExtractedPage:
    return ExtractedPage(title="A story", text=text)


def test_by_default_it_shows_the_first_three_sentences_of_the_story() -> None:
    highlights = choose_highlights(text_page(" ".join(STORY)))

    assert highlights.method == "extractive"
    assert highlights.sentences == STORY[:3]
    assert choose_highlights(text_page(" ".join(STORY)), max_sentences=2).sentences == STORY[:2]


def test_ranking_stays_an_option_and_may_skip_an_aside_in_the_lead() -> None:
    ranked = choose_highlights(text_page(" ".join(STORY)), max_sentences=2, method=ExtractiveMethod.RANKED)

    assert ranked.sentences[0] == STORY[0]
    assert STORY[1] not in ranked.sentences


@pytest.mark.parametrize("joiner", ["\n", " "])
def test_the_lead_keeps_the_bylines_captions_datelines_and_quotes_out(joiner: str) -> None:
    text = joiner.join(
        [
            "By Jane Doe, Senior Reporter",
            "Photo: The town hall on Tuesday night, shortly before the vote began.",
            "‘We have waited far too long for this and it is finally here.’",
            "PORT CALLAN — " + STORY[0],
            *STORY[1:],
        ]
    )

    assert extractive_highlights(text) == STORY[:3]


def test_the_lead_stays_within_the_budget_but_shows_a_long_first_sentence_whole() -> None:
    long = "The report " + "runs on and on " * 20 + "until it ends."
    short = [f"Sentence number {n} of the story is short and clear." for n in range(1, 5)]

    assert extractive_highlights(" ".join(short), max_words=20) == short[:2]
    assert extractive_highlights(" ".join([short[0], long, short[1]]), max_words=40) == [short[0]]
    assert extractive_highlights(long) == [long]


@pytest.mark.parametrize(
    "dateline",
    [
        "HELSINKI, 21 November 2026 — ",
        "HELSINKI, 21 November 2026 – ",
        "Helsinki, Nov. 21, 2026 -- ",
        "21 November 2026 — ",
        "(CNN) -- ",
        "LONDON, England (Reuters) - ",
        "NEW YORK, Nov. 21, 2026 (AP) — ",
        "NAIROBI, Kenya — ",
        "By Anna Virtanen, Reuters HELSINKI, 21 November 2026 — ",
        "By Jane Smith, Associated Press WASHINGTON — ",
        "By Ben Lee, CNN LONDON, England (CNN) -- ",
        "BEIRUT/THE HAGUE, March 7 (Reuters) - ",  # none-reuters-2024-tank-fire in shared/samples
        "SAN FRANCISCO—March 9, 2015—",  # an Apple press release, same folder
    ],
)
@pytest.mark.parametrize("joiner", ["\n", " "])
def test_it_strips_the_dateline_and_keeps_the_sentence(dateline: str, joiner: str) -> None:
    text = joiner.join([dateline + LEAD, *STORY[:2]])

    assert extractive_highlights(text)[0] == LEAD


@pytest.mark.parametrize(
    "sentence",
    [
        "By the end of the year - the city says - two hundred teachers will be hired.",
        "The US (and others) - so the minister said - will pay for the new road.",
    ],
)
def test_a_sentence_that_only_looks_like_a_dateline_stays_whole(sentence: str) -> None:
    assert extractive_highlights(sentence) == [sentence]


@pytest.mark.parametrize(
    "text",
    [
        "A run of words " + "that never stops " * 3000 + "until here.",  # one 'sentence' of 9 000 words
        "lowercase words without a stop " * 20_000,  # nothing informative: the first-line fallback
    ],
)
def test_no_highlight_is_a_wall_of_text(text: str) -> None:
    for method in ExtractiveMethod:
        highlights = extractive_highlights(text, method=method)

        assert sum(len(s.split()) for s in highlights) <= 2 * MAX_WORDS


def many_sentences(count: int) -> list[str]:
    """Distinct sentences that share words, as the page that made the ranking quadratic did."""
    return [
        f"Report {n} says the council budget for schools grows by {n} euros this year." for n in range(count)
    ]


def test_the_ranker_is_given_at_most_the_cap_of_a_12000_sentence_text() -> None:
    sentences = many_sentences(12_000)

    found = candidates("\n".join(sentences))

    assert len(found) == MAX_CANDIDATES
    assert [c.text for c in found] == sentences[:MAX_CANDIDATES]


def test_only_the_head_of_a_huge_text_is_read() -> None:
    sentences = many_sentences(40_000)  # ~2.6 MB on one line: no paragraph break to cut at
    head = len(" ".join(sentences)[:MAX_TEXT_CHARS].split(". "))

    found = candidates(" ".join(sentences))

    assert len(found) <= min(head, MAX_CANDIDATES)
    assert found[0].text == sentences[0]


@pytest.mark.parametrize("method", list(ExtractiveMethod))
def test_a_page_of_12000_paragraphs_yields_highlights_from_its_first_ones(method: ExtractiveMethod) -> None:
    sentences = many_sentences(12_000)
    html = page("".join(f"<p>{s}</p>" for s in sentences))

    highlights = choose_highlights(extract_page(html), method=method)

    assert highlights.method == "extractive"
    assert set(highlights.sentences) <= set(sentences[:MAX_CANDIDATES])
    assert highlights.sentences
