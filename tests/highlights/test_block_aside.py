"""A summary box in the page's sidebar: where the source puts it says nothing about where it stands.

Reduced from a real page (its source named beside it): the markup around the box is kept as the
publisher wrote it, the story is shortened to a few paragraphs.
"""

from __future__ import annotations

from digest.highlights.extract import extract_page
from tests.highlights.pages import page

# BBC News live page (flairNLP/fundus test data, tests/data/real-pages-heldout-3 pl-bbc-live-summary):
# the live page's "Summary" sits in the right-hand <aside> column, which the source puts after the
# whole stream of posts, outside the <article>.
FAUCI_ITEMS = [
    "Top US health adviser Dr Anthony Fauci warns states against re-opening too soon",
    "UK financial support scheme for furloughed workers to be extended for four months",
    "Official UK death toll rises by 627 but excess deaths top 50,000",
]
FAUCI_STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "Dr Anthony Fauci, the top US health adviser, told a Senate committee that states re-opening too "
        "soon would risk new outbreaks of the virus that could not be controlled.",
        "In the UK, the chancellor said the financial support scheme for furloughed workers would be "
        "extended for four months, until the end of October, with employers asked to share the cost.",
        "The official UK death toll rose by 627 to 32,692, while excess deaths, which include those caused "
        "indirectly by the virus, now top 50,000 according to the statisticians.",
        "Care homes in England and Wales recorded fewer deaths linked to the virus in the last week of "
        "April than in the week before, the Office for National Statistics said on Tuesday.",
    )
)


def found(article: str, *, around: str = "") -> tuple[str, list[str]]:
    extracted = extract_page(page(article, around=around))
    return extracted.highlight_marker, extracted.explicit_highlights


def _sidebar(label: str, items: list[str]) -> str:
    points = "".join(f'<li class="lx-c-summary-points__item">{item}</li>' for item in items)
    return (
        '<aside class="gel-layout__item gel-1/3@l"><div class="lx-c-sticky"><div class="lx-o-panel__item">'
        f'<section class="qa-summary-points"><h2 class="qa-summary-points-title">{label}</h2>'
        f'<ol class="lx-c-summary-points">{points}</ol></section></div></div></aside>'
    )


def test_it_takes_a_labelled_summary_from_the_aside_the_source_puts_after_the_story() -> None:
    assert found(FAUCI_STORY, around=_sidebar("Summary", FAUCI_ITEMS)) == ("Summary", FAUCI_ITEMS)


def test_an_aside_after_the_story_under_a_label_about_other_things_stays_out() -> None:
    others = [
        "The best gardens to visit this summer, chosen by our readers",
        "How a small bakery became the most talked-about shop in town",
        "Ten questions about the new rail timetable, answered by experts",
    ]

    assert found(FAUCI_STORY, around=_sidebar("In brief", others)) == ("", [])


# klimawandel-global.de (adbar/htmldate:tests/cache/klimawandel-global.de.html@b895282,
# tests/data/real-pages-heldout-3 hd-klimawandel-zusammenfassung): a WordPress sidebar column of
# `widget` boxes, a plain <div> after the story column, whose first box sums the article up.
KLIMA_SUMMARY = (
    "Elektromobilität ist der neue Trend der Zukunft, der bei der Bekämpfung des Klimawandels helfen wird. "
    "Hybridautos werden neben Elektroautos immer beliebter."
)
KLIMA_STORY = "".join(
    f"<p>{text}</p>"
    for text in (
        "Was früher schnelle und laute Autos waren, das sind heute wohl eher die umweltfreundlichen und "
        "verbrauchsarmen Modelle. Da kommt der Trend der Elektromobilität gerade richtig. Zwar tut man sich "
        "in Ländern wie Deutschland noch schwer damit, den Verbrennungsmotor gegen eine Elektroversion mit "
        "Batterie auszutauschen, doch Experten sind sich sicher, dass es nur eine Frage der Zeit ist.",
        "Zumindest das Hybridauto ist schon ein wenig erfolgreicher, was die Verkaufszahlen betrifft. Erst "
        "kürzlich haben sich die ISO und die IEC auf einen offenen Kommunikationsstandard für das Laden von "
        "Elektroautos geeinigt. Speziell eingestellte Fahrzeuge und Ladestationen könnten so die Situation "
        "für die Verbraucher einfacher und günstiger gestalten.",
        "Der neue Standard soll nun ein weiterer Schritt in die richtige Richtung sein. Elektroautos müssen "
        "nicht mehr extra für das Laden angemeldet werden, sondern werden von der Station erkannt. Zudem "
        "können smarte Ladezeiten eingestellt werden, wenn das Netz gerade wenig belastet ist.",
    )
)


def _widget(label: str, text: str) -> str:
    return (
        '<div id="gamma"><div class="widget-welcome widget"><div class="widget-content">'
        "<p>Dieser Artikel stammt von Christian und wurde am 3.05.13 veröffentlicht.</p>"
        f"<p>{label}</p><p>{text}</p><p>Stichwörter</p><p>Vorheriger Artikel</p>"
        '<p><a href="/energie">Energie sparen - Energiewende als Gemeinschafts-Projekt</a></p>'
        "</div></div></div>"
    )


def test_it_takes_a_labelled_summary_from_a_sidebar_widget_after_the_story_column() -> None:
    assert found(KLIMA_STORY, around=_widget("Zusammenfassung", KLIMA_SUMMARY)) == (
        "Zusammenfassung",
        [KLIMA_SUMMARY],
    )
