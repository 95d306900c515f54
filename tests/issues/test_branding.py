"""A list's branding in its digest and its confirmation email, and the digest's layout: read more,
view in browser, the intro, dark mode, every link in the plain text, the size guard."""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import replace

from digest.audience.notices import render_confirmation
from digest.issues.colours import DARK_PAPER, READABLE, WHITE, contrast_ratio
from digest.issues.render import MAX_HTML_BYTES, personalise, render_issue
from digest.models import Branding, MailingList
from tests.issues.test_render import ARCHIVE, a_list, a_recipient, an_article, an_issue, fixture_articles

BRAND = Branding(
    logo="https://cdn.example.com/harbour-logo.png",
    colour="#ffdd00",  # a yellow far too light to read as link text on white
    address="1 Quay Street, Bristol BS1 4DJ, United Kingdom",
    intro="Good morning: three pieces on how software ages.",
    footer="Harbour Notes is written in Bristol.",
)


def branded() -> MailingList:
    return replace(a_list(), branding=BRAND)


def colours_of(css_class: str, markup: str) -> set[str]:
    """The inlined `color` of every element of a class."""
    found = re.findall(rf'class="{css_class}"[^>]*style="[^"]*?(?<![-\w])color: (#[0-9a-f]{{6}})', markup)
    return set(found)


def links(markup: str) -> set[str]:
    return {htmllib.unescape(href) for href in re.findall(r'href="([^"]+)"', markup)}


def test_a_branded_list_and_an_unbranded_one_render_differently_and_each_correctly() -> None:
    mine = render_issue(branded(), an_issue(), fixture_articles(), archive_url=ARCHIVE)
    house = render_issue(a_list(), an_issue(), fixture_articles(), archive_url=ARCHIVE)
    for piece in (BRAND.intro, BRAND.footer, BRAND.address):
        assert htmllib.escape(piece, quote=True) in mine.html and piece in mine.text
        assert piece not in house.html and piece not in house.text
    assert f'src="{BRAND.logo}"' in mine.html and "<img" not in house.html
    assert re.search(r'class="cell issue-line"[^>]*border-bottom: 3px solid #ffdd00', mine.html)
    assert re.search(r'class="cell issue-line"[^>]*border-bottom: 3px solid #111827', house.html)
    (brand_link,) = colours_of("article-link", mine.html)
    (house_link,) = colours_of("article-link", house.html)
    assert brand_link != house_link
    assert contrast_ratio(brand_link, WHITE) >= READABLE > contrast_ratio(BRAND.colour, WHITE)
    assert colours_of("read-more-link", mine.html) == {brand_link}


def test_the_intro_replaces_the_heavy_rule_under_the_description() -> None:
    markup = render_issue(branded(), an_issue(), fixture_articles()).html
    tagline = markup.index('class="cell tagline"')
    rule = markup.index('class="cell issue-line"')
    intro = markup.index(BRAND.intro)
    assert tagline < rule < intro  # the description sits under the name, above the rule


def test_every_article_with_a_link_has_a_read_more_link_to_it() -> None:
    markup = render_issue(a_list(), an_issue(), fixture_articles()).html
    for article in fixture_articles():
        href = htmllib.escape(article.url, quote=True)
        assert re.search(rf'<a class="read-more-link" href="{re.escape(href)}"[^>]*>Read more →</a>', markup)


def test_view_in_browser_leads_to_the_archive_copy_of_the_issue() -> None:
    rendered = render_issue(a_list(), an_issue(12), fixture_articles(), archive_url=ARCHIVE)
    assert re.search(rf'href="{re.escape(ARCHIVE)}/12"[^>]*>View in browser</a>', rendered.html)
    assert f"View in browser: {ARCHIVE}/12" in rendered.text
    copy = render_issue(a_list(), an_issue(12), fixture_articles(), archive_url=ARCHIVE, banner=["Draft"])
    assert "View in browser" not in copy.html  # a draft has no archive copy yet


def test_the_plain_text_part_carries_every_link_of_the_html_part() -> None:
    articles = [*fixture_articles(), an_article(9, url="https://example.com/" + "long-path/" * 9)]
    html, text = personalise(
        render_issue(branded(), an_issue(), articles, archive_url=ARCHIVE), a_recipient()
    )
    hrefs = links(html)
    assert len(hrefs) >= len(articles) + 4  # articles, view in browser, unsubscribe, preferences, archive
    assert {href for href in hrefs if href not in text} == set()


def test_dark_mode_keeps_the_brand_colour_readable() -> None:
    markup = render_issue(branded(), an_issue(), fixture_articles()).html
    dark = re.search(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", markup, flags=re.S)
    assert dark is not None
    link = re.search(r"\.article-link[^{]*\{ color: (#[0-9a-f]{6}) !important", dark.group(1))
    assert link is not None
    assert contrast_ratio(link.group(1), DARK_PAPER) >= READABLE
    assert 'content="light dark"' in markup


def test_twenty_articles_of_a_branded_list_stay_under_100_kb_with_none_dropped() -> None:
    long = ["A highlight of a realistic length, about as long as a sentence on a news page gets. " * 2] * 4
    articles = [
        an_article(n, highlights=long, title=f"A fairly long article title, number {n}") for n in range(20)
    ]
    rendered = render_issue(branded(), an_issue(), articles, archive_url=ARCHIVE)
    assert len(rendered.html.encode()) < MAX_HTML_BYTES
    assert rendered.html.count('class="read-more-link"') == 20
    assert "more article" not in rendered.text


def test_the_confirmation_email_has_a_bullet_proof_button_in_the_lists_colours() -> None:
    url = "https://news.example.com/confirm/t0ken"
    mine = render_confirmation(branded(), name="Grace Hopper", confirm_url=url)
    cell = re.search(
        r'<td class="button-cell"[^>]*bgcolor="(#[0-9a-f]{6})"[^>]*>\s*<a class="button"[^>]* href="([^"]+)"',
        mine.html,
    )
    assert cell is not None and cell.group(2) == url
    assert contrast_ratio(cell.group(1), WHITE) >= READABLE
    assert re.search(
        r'class="button"[^>]*style="[^"]*display: inline-block[^"]*padding: 12px 24px', mine.html
    )
    for piece in (BRAND.address, BRAND.footer):
        assert htmllib.escape(piece, quote=True) in mine.html and piece in mine.text
    assert f'src="{BRAND.logo}"' in mine.html
    house = render_confirmation(a_list(), name="Grace Hopper", confirm_url=url)
    assert 'bgcolor="#1d4ed8"' in house.html and BRAND.address not in house.html
