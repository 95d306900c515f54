"""The article's title without the site's name the page appends, and no host name passed off as a site."""

from __future__ import annotations

import pytest

from digest.highlights.extract import extract_page
from digest.highlights.titles import strip_site_name
from tests.highlights.pages import STORY


@pytest.mark.parametrize(
    ("title", "kwargs", "expected"),
    [
        ("Jordan's exports rise 8 percent | Al Bawaba", {}, "Jordan's exports rise 8 percent"),
        ("Harbour line approved – Valley Courier", {"site_name": "Valley Courier"}, "Harbour line approved"),
        ("Harbour line approved by council - Courier", {"headline": "Harbour line approved by council"},
         "Harbour line approved by council"),
        ("NASA+ startet ohne Werbung - WinFuture.de", {"host": "winfuture.de"}, "NASA+ startet ohne Werbung"),

        # A dash inside the title is the title's own.
        ("Covid-19 - what new rules mean for schools", {}, "Covid-19 - what new rules mean for schools"),
        ("Trump - the interview", {}, "Trump - the interview"),
    ],
)  # fmt: skip
def test_it_cuts_only_a_suffix_that_names_the_site(title: str, kwargs: dict[str, str], expected: str) -> None:
    assert strip_site_name(title, **kwargs) == expected


@pytest.mark.parametrize(
    ("title", "kwargs", "expected"),
    [
        # Times of India (shared/samples/real-pages): section and site after the headline.
        ("Rivalry between rowdy-sheeters led to Darshan prison photograph leak | Bengaluru News"
         " - Times of India",
         {"headline": "Rivalry between rowdy-sheeters led to Darshan prison photograph leak"},
         "Rivalry between rowdy-sheeters led to Darshan prison photograph leak"),
        # TechCrunch (shared/samples/real-pages) and Diario Extra (real-pages-heldout): the site first.
        ("TechCrunch | 2005 Zuckerberg Didn’t Want To Take Over The World",
         {"headline": "2005 Zuckerberg Didn’t Want To Take Over The World"},
         "2005 Zuckerberg Didn’t Want To Take Over The World"),
        ("Diario Extra - La asignatura pendiente de la CIDH", {"site_name": "Diario Extra"},
         "La asignatura pendiente de la CIDH"),
        ("energieverbraucher.de | Gaspreise steigen im Winter", {"host": "www.energieverbraucher.de"},
         "Gaspreise steigen im Winter"),
        # A headline of one or two words, a section name, says nothing about which part is the title.
        ("Politics - Senate passes the harbour bill | Courier", {"headline": "Politics"},
         "Politics - Senate passes the harbour bill"),
        # A first part that is not the site's name stays.
        ("Covid-19 - what new rules mean for schools", {"host": "schools.example"},
         "Covid-19 - what new rules mean for schools"),
    ],
)  # fmt: skip
def test_it_keeps_the_part_that_is_the_headline_or_cuts_a_prefix_that_names_the_site(
    title: str, kwargs: dict[str, str], expected: str
) -> None:
    assert strip_site_name(title, **kwargs) == expected


def test_a_page_title_loses_the_sites_name() -> None:
    html = (
        "<html><head><title>Jordan's exports rise 8 percent in first half | Al Bawaba</title></head>"
        f"<body><div><h1>Jordan's exports rise 8 percent in first half</h1>{STORY}</div></body></html>"
    )

    assert extract_page(html).title == "Jordan's exports rise 8 percent in first half"


def test_a_page_without_a_site_name_gives_none_rather_than_its_host_and_port() -> None:
    # No og:site_name, no article container: trafilatura reads the page and names the site by its host.
    html = f"<html><head><title>A story</title></head><body><div><div>{STORY}</div></div></body></html>"

    assert extract_page(html, "http://127.0.0.1:8931/news/a-story").site_name == ""


def test_a_title_of_thousands_of_parts_is_left_whole_without_recursing_through_them() -> None:
    # Hostile or broken markup: a real title has a site, a section or two, never hundreds of parts.
    title = " | ".join(["word of the day"] * 5000)

    assert strip_site_name(title, headline="word of the day", site_name="day", host="word.example") == title
