"""How the sentences shown under an article are chosen."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.highlights.choose import choose_highlights, split_sentences
from digest.highlights.extract import extract_page
from digest.models import ExtractedPage, Highlights

PAGES = resources.files("digest") / "sample" / "pages"


def sample(name: str) -> ExtractedPage:
    return extract_page((PAGES / name).read_text(encoding="utf-8"))


def text_page(text: str) -> ExtractedPage:
    return ExtractedPage(title="A story", text=text)


def test_it_prefers_the_publishers_block_and_names_its_marker() -> None:
    page = ExtractedPage(
        title="A story",
        text="A long first sentence of the body text here.",
        explicit_highlights=["One.", "Two."],
        highlight_marker="Key takeaways",
    )

    assert choose_highlights(page) == Highlights(["One.", "Two."], "explicit", "Key takeaways")


def test_it_takes_the_seed_pages_highlight_block_end_to_end() -> None:
    highlights = choose_highlights(sample("pakistan-gaza-istanbul.html"))

    assert highlights.method == "explicit"
    assert highlights.marker == "Highlights"
    assert "Pakistan’s Foreign Minister Ishaq Dar joined key Muslim counterparts in Istanbul" in (
        " ".join(highlights.sentences)
    )
    assert not any("Subscribe" in sentence for sentence in highlights.sentences)


@pytest.mark.parametrize("name", [p.name for p in PAGES.iterdir() if p.name.endswith(".html")])
def test_it_never_offers_the_subscribe_box_on_any_sample_page(name: str) -> None:
    highlights = choose_highlights(sample(name))

    assert highlights.sentences
    assert not any("Subscribe" in s or "Share" in s or "Comment" in s for s in highlights.sentences)


def test_it_ranks_the_sentences_of_a_page_without_a_block() -> None:
    highlights = choose_highlights(sample("offshore-wind-auction.html"), max_words=80, method="ranked")

    assert highlights.method == "extractive"
    assert highlights.marker == ""
    assert highlights.sentences == [
        "Westmarch’s third offshore wind auction closed on Monday with contracts for 3.2 gigawatts of new "
        "capacity, the most the region has ever awarded in a single round.",
        "The five winning projects will be paid an average of 48.5 euros per megawatt-hour for 20 years, "
        "down from 61.0 euros in the round held in Sept. 2023.",
    ]


def test_it_falls_back_when_the_explicit_items_are_blank() -> None:
    page = ExtractedPage(
        title="t", text="The council approved the budget on Tuesday.", explicit_highlights=[" "]
    )

    assert choose_highlights(page).method == "extractive"


def test_it_skips_bylines_and_short_fragments() -> None:
    text = (
        "By Jane Doe, Senior Reporter\n"
        "By Jane Doe | Published: 12:03 EST, 3 November 2025.\n"
        "Breaking news.\n"
        "The council approved the new budget on Tuesday night.\n"
        "By the end of the year, the city expects to hire two hundred new teachers."
    )

    assert choose_highlights(text_page(text)).sentences == [
        "The council approved the new budget on Tuesday night.",
        "By the end of the year, the city expects to hire two hundred new teachers.",
    ]


def test_it_skips_captions_headings_and_datelines() -> None:
    text = (
        "Scroll down for video\n"
        "Photo: The mayor speaks at the opening of the new station in the harbour district.\n"
        "Guilty: The defendant changed her plea and admitted four counts of assault\n"
        "November 3, 2025\n"
        "Published: 10:15 GMT, 3 November 2025\n"
        "Why prices fell\n"
        "Turbine prices have eased after two years of supply-chain strain."
    )

    assert choose_highlights(text_page(text)).sentences == [
        "Turbine prices have eased after two years of supply-chain strain."
    ]


@pytest.mark.parametrize(
    "dateline",
    [
        "WASHINGTON (CNN) -- ",
        "(CNN) -- ",
        "Conakry, Guinea (CNN) -- ",
        "Istanbul, November 3, 2025 — ",
        "PORT CALLAN — ",
    ],
)
def test_it_strips_a_dateline_from_the_lead_sentence(dateline: str) -> None:
    sentence = "The senator missed the most votes of any candidate this autumn."

    assert choose_highlights(text_page(dateline + sentence)).sentences == [sentence]


STORY = [
    "The city council approved a new budget for schools on Tuesday night after a long debate.",
    "Spectators filled the gallery of the old town hall to watch the vote.",
    "The schools budget adds 40 million euros for teachers, classrooms and school buses.",
    "Teachers will get a pay rise of four percent from January under the new schools budget.",
    "Ten new classrooms will be built at schools in the east of the city with the money.",
    "The council will also buy twenty electric school buses to replace its oldest diesel ones.",
    "Opposition members said the schools budget leaves too little for repairs to teachers' housing.",
]


def test_it_stays_within_the_word_budget_and_keeps_article_order() -> None:
    highlights = choose_highlights(text_page(" ".join(STORY)), max_words=40, method="ranked")

    assert len(highlights.sentences) >= 2
    assert sum(len(s.split()) for s in highlights.sentences) <= 40
    assert highlights.sentences == sorted(highlights.sentences, key=STORY.index)


def test_it_prefers_a_central_sentence_to_an_aside_next_to_the_lead() -> None:
    highlights = choose_highlights(text_page(" ".join(STORY)), max_sentences=2, method="ranked")

    assert highlights.sentences[0] == STORY[0]
    assert STORY[1] not in highlights.sentences
    assert "budget" in highlights.sentences[1]


def test_it_picks_two_to_four_sentences_by_default() -> None:
    assert 2 <= len(choose_highlights(text_page(" ".join(STORY))).sentences) <= 4


def test_it_drops_a_near_duplicate_of_a_chosen_sentence() -> None:
    text = " ".join(
        [STORY[0], "The city council approved the new budget for schools on Tuesday night.", *STORY[2:]]
    )

    chosen = choose_highlights(text_page(text), method="ranked").sentences

    assert sum("approved" in sentence for sentence in chosen) == 1


@pytest.mark.parametrize(
    "aside",
    [
        "‘We have waited far too long for this and it is finally here.’",
        "Developers and analysts pointed to three reasons.",
        "Photo: The town hall on Tuesday night, shortly before the vote began.",
    ],
)
def test_it_never_picks_a_speakerless_quote_a_caption_or_a_sentence_announcing_a_list(aside: str) -> None:
    text = "\n".join([STORY[0], aside, *STORY[2:4]])

    assert aside not in choose_highlights(text_page(text)).sentences


def test_it_keeps_one_lead_sentence_even_when_it_exceeds_the_budget() -> None:
    sentence = "Word " * 70 + "end."

    highlights = choose_highlights(
        text_page(sentence + " Next sentence is short here."), method="ranked", max_words=40
    )

    assert highlights.sentences == [sentence.strip()]


def test_it_stops_at_the_maximum_number_of_sentences() -> None:
    text = " ".join(sentence.split(" after")[0] for sentence in STORY)

    assert len(choose_highlights(text_page(text), max_sentences=2).sentences) == 2
    assert len(choose_highlights(text_page(text), max_words=500, method="ranked").sentences) == 4


def test_it_still_offers_a_short_text_its_first_line() -> None:
    assert choose_highlights(text_page("Council says yes.")).sentences == ["Council says yes."]


@pytest.mark.parametrize("text", ["", "   \n  ", "By Jane Doe\nPhoto: Reuters"])
def test_it_returns_none_when_there_is_nothing_to_show(text: str) -> None:
    assert choose_highlights(text_page(text)) == Highlights([], "none")


def test_it_is_deterministic() -> None:
    page = sample("offshore-wind-auction.html")

    assert choose_highlights(page) == choose_highlights(page)


def test_it_does_not_split_on_abbreviations_or_decimals() -> None:
    text = (
        "Mr. Smith met Dr. Jones in St. Louis on Jan. 5 to discuss a 3.5 percent rise. "
        "The U.S. economy grew, said Prof. Lee of No. 10 Main St. in the capital. Analysts agreed."
    )

    assert split_sentences(text) == [
        "Mr. Smith met Dr. Jones in St. Louis on Jan. 5 to discuss a 3.5 percent rise.",
        "The U.S. economy grew, said Prof. Lee of No. 10 Main St. in the capital.",
        "Analysts agreed.",
    ]


def test_it_splits_after_initials_when_a_new_sentence_clearly_starts() -> None:
    assert split_sentences("He moved to the U.S. He liked it.") == ["He moved to the U.S.", "He liked it."]


def test_it_keeps_a_quotation_of_several_sentences_whole() -> None:
    text = "“We stand firm. We will not give in,” Dar said. ‘I don’t know. Nobody does,’ he added. Done now."

    assert split_sentences(text) == [
        "“We stand firm. We will not give in,” Dar said.",
        "‘I don’t know. Nobody does,’ he added.",
        "Done now.",
    ]


def test_it_does_not_split_before_a_lowercase_continuation() -> None:
    assert split_sentences('"Why?" he asked. Nobody knew!') == ['"Why?" he asked.', "Nobody knew!"]


def test_it_ends_a_sentence_at_every_line_break_and_drops_list_bullets() -> None:
    assert split_sentences("A heading\n- a list item\n\nA paragraph. Another.") == [
        "A heading",
        "a list item",
        "A paragraph.",
        "Another.",
    ]


def test_the_highlights_command_says_how_the_highlights_were_chosen() -> None:
    fixtures = Path(__file__).resolve().parents[1] / "data" / "pages"
    runner = CliRunner()

    ranked = json.loads(
        runner.invoke(cli, ["highlights", str(fixtures / "trap-nav-only-list.html"), "--json"]).output
    )
    block = runner.invoke(cli, ["highlights", str(fixtures / "what-you-need-to-know.html")]).output

    assert ranked["method"] == "extractive"
    assert ranked["title"] == "Millbrook flood barrier opens two years after the floods"
    assert 2 <= len(ranked["highlights"]) <= 4
    assert "method: explicit block, marked “What you need to know”" in block
    assert "  • Work on the upper streams begins next spring." in block


def test_the_highlights_command_names_a_missing_file_in_one_line() -> None:
    result = CliRunner().invoke(cli, ["highlights", "no/such/page.html"])

    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "no/such/page.html" in result.output
