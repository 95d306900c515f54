"""The one rule for image URLs: only an absolute http(s) URL of bounded length, with nothing in it that
could leave an attribute, reaches a digest; whatever is declared about its size is kept only when sane."""

from __future__ import annotations

import pytest

from digest.models import ArticleImage
from digest.models.images import MAX_ALT_CHARS, MAX_IMAGE_URL_CHARS, article_image


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com/a.png",
        "//cdn.example.com/a.png",  # no base to take a scheme from
        "/a.png",
        "https://",
        'https://example.com/a.png" onerror="alert(1)',
        "https://example.com/a b.png",
        "https://example.com/a.png\x00",
        "https://example.com/<svg>.png",
        "https://[::1/a.png",  # not a URL at all
        "https://example.com/" + "a" * MAX_IMAGE_URL_CHARS,
        "",
    ],
)
def test_a_url_we_could_not_safely_put_in_a_mail_is_refused(url: str) -> None:
    assert article_image(url) is None


def test_a_relative_url_is_resolved_against_its_page_and_only_then_judged() -> None:
    image = article_image("../img/a.png", base="https://news.example.com/2025/story.html")
    assert image == ArticleImage("https://news.example.com/img/a.png")
    assert article_image("javascript:alert(1)", base="https://news.example.com/") is None


def test_a_declared_size_is_kept_only_when_both_sides_are_sane() -> None:
    assert article_image("https://e.com/a.png", width="1200", height="630") == ArticleImage(
        "https://e.com/a.png", width=1200, height=630
    )
    for width, height in [
        ("1200", ""),
        ("-5", "10"),
        ("1e3", "10"),
        ("99999999", "10"),
        ("0", "10"),
        ("١٢", "3"),
    ]:
        image = article_image("https://e.com/a.png", width=width, height=height)
        assert image is not None and (image.width, image.height) == (0, 0), (width, height)


def test_alt_text_is_one_line_and_bounded() -> None:
    image = article_image("https://e.com/a.png", alt="  A ferry\n\tat dawn  " + "x" * 1000)
    assert image is not None
    assert image.alt.startswith("A ferry at dawn x") and len(image.alt) == MAX_ALT_CHARS
