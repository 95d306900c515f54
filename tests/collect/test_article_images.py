"""An article's image: the page's own (og:image, then twitter:image) before the feed's media, with
what either declares about it; a URL we could not safely put in a mail is refused wherever it is."""

from __future__ import annotations

import pytest

from digest.models import Article, ArticleImage
from digest.runtime import Runtime
from tests.support.collecting import collect_one, page_route
from tests.support.feedserver import Reply

STORY = "".join(
    f"<p>Paragraph {n} of the harbour story says something about the new line, its cost and its riders.</p>"
    for n in range(8)
)
FEED_IMAGE = "https://cdn.example.com/feed/harbour.jpg"
PAGE_IMAGE = "https://cdn.example.com/page/harbour-lead.jpg"


def feed_with(media: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Harbour News</title>
<item><title>Harbour line</title><link>/story.html</link><guid>h-1</guid>{media}</item>
</channel></rss>""".encode()


def page_with(head: str) -> bytes:
    return (
        f"<html><head><title>Harbour line</title>{head}</head><body><div>{STORY}</div></body></html>".encode()
    )


def collect(runtime: Runtime, feed: bytes, page: bytes) -> Article:
    return collect_one(runtime, {"/feed.xml": Reply(200, feed), "/story.html": page_route(page)})[0]


MEDIA = f'<media:content url="{FEED_IMAGE}" type="image/jpeg" width="1200" height="800"/>'


def test_the_pages_og_image_comes_before_the_feeds_media_with_its_alt_text_and_size(runtime: Runtime) -> None:
    head = (
        f'<meta property="og:image" content="{PAGE_IMAGE}"><meta property="og:image:alt" content="The new '
        'ferry &amp; its crew"><meta property="og:image:width" content="1600">'
        '<meta property="og:image:height" content="900">'
        '<meta name="twitter:image" content="https://cdn.example.com/twitter.jpg">'
    )
    article = collect(runtime, feed_with(MEDIA), page_with(head))

    assert article.image == ArticleImage(PAGE_IMAGE, alt="The new ferry & its crew", width=1600, height=900)


def test_twitter_image_stands_in_when_the_page_has_no_og_image(runtime: Runtime) -> None:
    head = '<meta name="twitter:image" content="/img/lead.png"><meta name="twitter:image:alt" content="Lead">'
    article = collect(runtime, feed_with(MEDIA), page_with(head))

    assert article.image is not None
    assert article.image.url.endswith("/img/lead.png") and article.image.url.startswith("http://")
    assert (article.image.alt, article.image.width, article.image.height) == ("Lead", 0, 0)


def test_the_feeds_media_is_kept_when_the_page_declares_no_image(runtime: Runtime) -> None:
    article = collect(runtime, feed_with(MEDIA), page_with(""))

    assert article.image == ArticleImage(FEED_IMAGE, width=1200, height=800)


def test_the_feeds_media_is_kept_when_the_pages_image_is_hostile(runtime: Runtime) -> None:
    head = '<meta property="og:image" content="javascript:alert(1)">'
    article = collect(runtime, feed_with(MEDIA), page_with(head))

    assert article.image == ArticleImage(FEED_IMAGE, width=1200, height=800)


@pytest.mark.parametrize(
    "media",
    [
        '<enclosure url="https://cdn.example.com/e.png" type="image/png" length="1"/>',
        '<media:thumbnail url="https://cdn.example.com/e.png"/>',
        '<media:content url="https://cdn.example.com/e.png" medium="image"/>',
    ],
)
def test_an_image_enclosure_a_thumbnail_or_an_image_medium_each_give_the_feeds_image(
    runtime: Runtime, media: str
) -> None:
    article = collect(runtime, feed_with(media), page_with(""))

    assert article.image == ArticleImage("https://cdn.example.com/e.png")


@pytest.mark.parametrize(
    "media",
    [
        '<enclosure url="https://cdn.example.com/episode.mp3" type="audio/mpeg" length="1"/>',
        '<media:content url="https://cdn.example.com/clip.mp4" type="video/mp4"/>',
        '<media:content url="data:image/png;base64,iVBORw0KGgo=" type="image/png"/>',
        '<media:thumbnail url="javascript:alert(1)"/>',
        '<media:thumbnail url="/relative/thumb.jpg"/>',
    ],
)
def test_media_that_is_no_image_or_no_safe_url_gives_none(runtime: Runtime, media: str) -> None:
    assert collect(runtime, feed_with(media), page_with("")).image is None
