"""The image a page declares for itself: og:image, then twitter:image, then JSON-LD's, each with the alt
text and size declared beside it, resolved against the page and judged by the one image rule."""

from __future__ import annotations

from digest.highlights.extract import extract_page
from digest.models import ArticleImage
from tests.highlights.pages import STORY, json_ld, page

URL = "https://news.example.com/2025/11/harbour.html"


def image_of(head: str) -> ArticleImage | None:
    return extract_page(page(f"<article>{STORY}</article>", head=f"<title>A story</title>{head}"), URL).image


def test_og_image_comes_first_with_its_own_alt_text_and_size() -> None:
    head = (
        '<meta name="twitter:image" content="https://cdn.example.com/tw.jpg">'
        '<meta name="twitter:image:alt" content="Not this one">'
        '<meta property="og:image" content="/img/og.jpg"><meta property="og:image:alt" content="A ferry">'
        '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">'
    )
    assert image_of(head) == ArticleImage("https://news.example.com/img/og.jpg", "A ferry", 1200, 630)


def test_og_image_url_stands_for_og_image() -> None:
    head = '<meta property="og:image:url" content="https://cdn.example.com/u.jpg">'
    assert image_of(head) == ArticleImage("https://cdn.example.com/u.jpg")


def test_json_ld_gives_the_image_when_no_meta_tag_does() -> None:
    head = json_ld(
        '{"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "https://c.example/l.jpg"}]}'
    )
    assert image_of(head) == ArticleImage("https://c.example/l.jpg")


def test_a_hostile_declared_image_is_passed_over_for_the_next_one_the_page_declares() -> None:
    hostile = '<meta property="og:image" content="javascript:alert(document.cookie)">'
    assert image_of(hostile) is None
    assert image_of(
        hostile + '<meta name="twitter:image" content="https://c.example/t.png">'
    ) == ArticleImage("https://c.example/t.png")
    assert image_of("") is None
