"""A summary the page declares (JSON-LD description or abstract) stands in for a missing block only
when it reads as a summary: tested, never assumed. Cases reduced from real pages, sources named."""

from __future__ import annotations

import json

import pytest

from digest.highlights.choose import choose_highlights
from digest.highlights.extract import extract_page
from digest.models import ExtractedPage
from tests.highlights.pages import STORY, json_ld, page

BODY = "\n".join(
    [
        "The city council approved the harbour line extension on Tuesday night after a debate of six hours.",
        "Construction starts in the spring of 2026 and should take three years, the transport office said.",
        "The line will carry about 40,000 passengers a day between the old town and the new port district.",
        "Opponents said the money would be better spent on buses; the vote was 31 to 12.",
    ]
    * 4
)
REAL = (
    "Councillors voted 31 to 12 for the harbour line. Work begins next spring and takes three years. "
    "Trains should carry 40,000 people a day from 2029."
)


def chosen_for(description: str) -> tuple[str, list[str]]:
    chosen = choose_highlights(ExtractedPage(title="Harbour line", text=BODY, description=description))
    return chosen.marker, chosen.sentences


def test_a_description_written_as_a_summary_is_taken() -> None:
    assert chosen_for(REAL) == ("schema.org description", REAL.replace(". ", ".\n").split("\n"))


@pytest.mark.parametrize(
    "description",
    [
        # A sentence lifted from the body (the CMS copied it out).
        "Construction starts in the spring of 2026 and should take three years, the transport office said. "
        "The line will carry about 40,000 passengers a day between the old town and the new port district.",
        # An SEO blurb about the page, not the news.
        "This comparison will help you find the best way to get to the port. Read on for the details.",
        # A quotation.
        "“We have waited thirty years for this line,” said the mayor. “Now it is finally coming.”",
        # A teaser that asks and speaks to the reader (fundus de/ and trafilatura eval pages do this).
        "Will the harbour line ever come? Here is what you should know about the vote.",
        # One sentence: the standfirst shown under the headline, or a search snippet.
        "The harbour line extension has been approved by the city council after a long debate.",
        # Two sentences, a fact and a hook: the dek's shape, not a summary's (fundus de/ pages:
        # Berliner Morgenpost, Luxemburger Wort, NDR).
        "The harbour line will cost 900 million euros, the largest project in the city's history. "
        "Its opponents cannot believe it.",
        # Opens on a pronoun that points at the headline it was written under (trafilatura
        # tests/eval/zdnet.de.facebook.html: "Es bezeichnet den Entwurf … als ungeeignet.").
        "It calls the harbour line a waste of money. Its opponents want buses instead. "
        "They will appeal to the regional court.",
        # A tagline fragment.
        "Councillors voted for the harbour line on Tuesday night after six hours. Ein Debattenbeitrag.",
    ],
)
def test_a_description_that_is_not_a_summary_is_left_for_the_text(description: str) -> None:
    marker, sentences = chosen_for(description)

    assert marker == "" and sentences  # ranked sentences of the text instead


def test_a_description_the_page_shows_as_its_standfirst_is_left_for_the_text() -> None:
    # top agrar (trafilatura tests/eval/topagrar.com.schnee.solat.html, held-out set): the JSON-LD
    # description, three sentences, is printed under the headline as the standfirst, which the
    # story's text leaves out.
    ld = json_ld(json.dumps({"@type": "NewsArticle", "description": REAL}))
    standfirst = f"<header><p class='text-xl md:text-2xl leading-snug'>{REAL}</p></header>"

    shown = extract_page(page(standfirst + STORY, head=f"<title>Harbour line</title>{ld}"))
    apart = extract_page(page(STORY, head=f"<title>Harbour line</title>{ld}"))

    assert choose_highlights(shown).marker == ""
    assert choose_highlights(apart).marker == "schema.org description"


def test_a_description_that_says_what_the_lead_says_in_other_forms_of_its_words_is_left() -> None:
    # Golem (flairNLP/fundus tests/resources/parser/test_data/de/Golem_2024_04_28.html.gz@18da6e53,
    # development set golem-2024-highlight-box-deals): German inflects the lead's words
    # ("Unternehmen" / "Unternehmens", "zerstört" / "zerstörte"), so only their stems match.
    description = (
        "Samsung hat vor Gericht die Patentklage eines chinesischen Unternehmens verloren. "
        "Nun drohen Entschädigungszahlungen und zerstörte Smartphones. Samsung dürfte in Berufung gehen."
    )
    lead = (
        "Samsung drohen in Deutschland Probleme für seine Galaxy-Smartphones. Das Landgericht München I hat "
        "in einer Patentklage für das chinesische Unternehmen Datang Mobile entschieden, die den deutschen "
        "Teil des europäischen Patents besitzt. Dem Gericht zufolge drohen Samsung Strafzahlungen, zudem "
        "müssen alle im Handel verbliebenen 4G-fähigen Smartphones zerstört werden – das entspricht de facto "
        "einem Verkaufsstopp aller Modelle."
    )
    rest = (
        "Das Patent regelt die Übergabe von Funkzellen in LTE-Netzen, und der Hersteller argumentierte, "
        "er habe nicht gewusst, wer einen länderspezifischen Teil des Patents halte. Das Urteil ist noch "
        "nicht rechtskräftig; eine Entschädigung für alle seit August 2021 verkauften Geräte ist offen."
    )
    text = "\n".join([lead, *[rest] * 5])
    chosen = choose_highlights(ExtractedPage(title="LTE-Patent", text=text, description=description))

    assert chosen.marker == "" and chosen.sentences
