"""Article images in the digest: a thumbnail of fixed size that shrinks on a phone, its alt text escaped,
linked as declared (never fetched by us), absent from the plain text, and off for a list that says so."""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.html

from digest.issues.render import MAX_HTML_BYTES, render_issue
from digest.issues.thumbnails import COLUMN_WIDTH
from digest.models import ArticleImage
from tests.issues.test_branding import branded
from tests.issues.test_render import ARCHIVE, a_list, an_article, an_issue

WIDE = ArticleImage("https://cdn.example.com/wide.jpg", alt="A ferry at dawn", width=1600, height=900)


def images_in(markup: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", markup)


def test_an_article_image_is_drawn_at_a_fixed_size_within_the_column_that_shrinks_on_a_phone() -> None:
    rendered = render_issue(a_list(), an_issue(), [an_article(1, image=WIDE)])

    (img,) = [i for i in images_in(rendered.html) if WIDE.url in i]
    height = round(900 * COLUMN_WIDTH / 1600)
    assert f'width="{COLUMN_WIDTH}"' in img and f'height="{height}"' in img
    assert 'alt="A ferry at dawn"' in img
    style = re.search(r'style="([^"]*)"', img)
    # The column's width, at most the image's own: a width in per cent never widens the table on a phone.
    assert style is not None and "width: 100%" in style.group(1) and "height: auto" in style.group(1)
    assert f"max-width: {COLUMN_WIDTH}px" in style.group(1)


def test_a_small_image_keeps_its_own_size_and_one_of_undeclared_size_gets_the_column_width() -> None:
    small = ArticleImage("https://cdn.example.com/small.png", width=120, height=80)
    unsized = ArticleImage("https://cdn.example.com/unsized.png")
    rendered = render_issue(a_list(), an_issue(), [an_article(1, image=small), an_article(2, image=unsized)])

    by_url = {url: img for img in images_in(rendered.html) for url in (small.url, unsized.url) if url in img}
    assert 'width="120"' in by_url[small.url] and 'height="80"' in by_url[small.url]
    assert f'width="{COLUMN_WIDTH}"' in by_url[unsized.url] and "height=" not in by_url[unsized.url]


def test_alt_text_is_escaped_and_is_the_title_when_the_source_gave_none() -> None:
    hostile = ArticleImage("https://cdn.example.com/a.jpg", alt='"><script>alert(1)</script> & co')
    plain = ArticleImage("https://cdn.example.com/b.jpg")
    articles = [an_article(1, image=hostile), an_article(2, image=plain, title='Ferries & "trams"\x07')]
    rendered = render_issue(a_list(), an_issue(), articles)

    # Parsed as a mail client parses it: the alt text stays an attribute's text, no element escapes it.
    tree = lxml.html.document_fromstring(rendered.html)
    assert not tree.xpath("//script")
    alts = {img.get("src"): img.get("alt") for img in tree.iter("img")}
    assert alts[hostile.url] == hostile.alt
    # Never empty: a client that blocks images shows the alt text where the linked image would be.
    assert alts[plain.url] == 'Ferries & "trams"'
    (bare,) = [img for img in images_in(rendered.html) if plain.url in img]
    assert 'alt="Ferries &amp; &quot;trams&quot;"' in bare


def test_the_image_links_to_the_article_without_a_second_stop_for_screen_readers() -> None:
    rendered = render_issue(a_list(), an_issue(), [an_article(1, image=replace(WIDE, alt=""))])

    tree = lxml.html.document_fromstring(rendered.html)
    (img,) = tree.iter("img")
    link = img.getparent()
    assert link.tag == "a" and link.get("href") == "https://example.com/posts/1"
    assert (link.get("aria-hidden"), link.get("tabindex")) == ("true", "-1")


def test_the_plain_text_part_carries_no_image() -> None:
    rendered = render_issue(a_list(), an_issue(), [an_article(1, image=WIDE)])

    assert WIDE.url in rendered.html
    assert WIDE.url not in rendered.text and "A ferry at dawn" not in rendered.text


def test_a_list_with_images_off_shows_none() -> None:
    articles = [an_article(n, image=WIDE) for n in range(3)]

    shown = render_issue(a_list(), an_issue(), articles)
    hidden = render_issue(replace(a_list(), images=False), an_issue(), articles)

    assert shown.html.count(WIDE.url) == 3
    assert WIDE.url not in hidden.html and 'class="article-image"' not in hidden.html


def test_twenty_articles_with_images_stay_under_100_kb_with_none_dropped() -> None:
    long = ["A highlight of a realistic length, about as long as a sentence on a news page gets. " * 2] * 4
    articles = [
        an_article(
            n,
            highlights=long,
            title=f"A fairly long article title, number {n}",
            url=f"https://news.example.com/2025/11/02/a-fairly-long-article-slug-number-{n}",
            image=ArticleImage(
                f"https://images.example-cdn.com/uploads/2025/11/lead-image-of-article-{n}-1600x900.jpg"
                "?w=1600&q=80&auto=format",
                alt=f"A descriptive alt text for the lead image of article number {n}, as sites write them",
                width=1600,
                height=900,
            ),
        )
        for n in range(20)
    ]
    rendered = render_issue(branded(), an_issue(), articles, archive_url=ARCHIVE)

    assert len(rendered.html.encode()) < MAX_HTML_BYTES
    assert rendered.html.count('class="article-image"') == 20
    assert "more article" not in rendered.text
