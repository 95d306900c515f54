"""The alt text of an image a feed gives (Media RSS): what the feed says of the image in words
(media:description, else media:title), one bounded line of plain text; when it says nothing, the
digest shows the article's title instead, so an image that links to the article is never without words.

Read on feeds as Flickr, WordPress, The New York Times and YouTube send them (tests/data/feeds/media-*).
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from digest.collect.feeds import parse_feed, read_with_feedparser
from digest.collect.feedxml import read_well_formed
from digest.issues.render import render_issue
from digest.models import FeedEntry
from digest.models.images import MAX_ALT_CHARS
from tests.issues.test_render import a_list, an_article, an_issue

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "feeds"


def entries(name: str) -> list[FeedEntry]:
    return parse_feed((FIXTURES / name).read_bytes(), f"https://feeds.example.com/{name}").entries


def alt_in_digest(entry: FeedEntry) -> str:
    article = an_article(1, title=entry.title, url=entry.url, image=entry.image)
    rendered = render_issue(a_list(), an_issue(), [article])
    (img,) = lxml.html.document_fromstring(rendered.html).iter("img")
    return str(img.get("alt"))


def test_flickr_media_description_is_the_alt_text_as_plain_words() -> None:
    stroller, campus = entries("media-flickr.xml")
    assert stroller.image is not None and stroller.image.alt == "Glasses from build-a-bear workshop"
    assert alt_in_digest(stroller) == "Glasses from build-a-bear workshop"
    # A paragraph with a link becomes its words, cut at a word to the bound.
    assert campus.image is not None
    assert campus.image.alt.startswith("Microsoft Campus is the informal name of Microsoft's corporate")
    assert len(campus.image.alt) <= MAX_ALT_CHARS and campus.image.alt.endswith("Microsoft…")
    assert "<" not in campus.image.alt and "href" not in campus.image.alt


def test_an_item_level_media_description_describes_the_items_image() -> None:
    (story,) = entries("media-nytimes.xml")
    assert story.image is not None
    assert (
        story.image.alt
        == "President Biden meeting with members of the White House Covid-19 Response Team in January."
    )


def test_a_media_group_description_describes_its_thumbnail() -> None:
    (video,) = entries("media-youtube.xml")
    assert video.image is not None and video.image.url == "https://i3.ytimg.com/vi/jNQXAC9IVRw/hqdefault.jpg"
    assert video.image.alt.startswith("The first video on YouTube.")


def test_empty_media_words_leave_the_alt_to_the_article_title() -> None:
    (photo,) = entries("media-wordpress.xml")
    assert photo.image is not None and photo.image.alt == ""  # kept as the feed declared it
    assert alt_in_digest(photo) == "img_20180420_143101-01"


@pytest.mark.parametrize(
    ("media", "alt"),
    [
        ("<media:title>The harbour at dawn</media:title>", "The harbour at dawn"),
        ("<media:title>Title</media:title><media:description>Description</media:description>", "Description"),
        ("<media:description>Ferry\u202e at\u200b dawn\x85 \u0092ok</media:description>", "Ferry at dawn ok"),
        ('<media:description type="html">&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; '
         "&amp;amp; co</media:description>", "Bold & co"),
        ("<media:description>" + "word " * 200 + "</media:description>", "word " * 28 + "word…"),
    ],
)  # fmt: skip
def test_the_feeds_words_are_one_clean_bounded_line(media: str, alt: str) -> None:
    content = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Harbour</title>
<item><title>Harbour line</title><link>https://harbour.example/1</link><guid>h-1</guid>
<media:content url="https://cdn.example/1.jpg" type="image/jpeg" width="1200" height="800"/>{media}</item>
</channel></rss>""".encode()
    (entry,) = parse_feed(content, "https://harbour.example/feed.xml").entries
    assert entry.image is not None and entry.image.alt == alt
    assert len(entry.image.alt) <= MAX_ALT_CHARS


def test_both_readers_give_the_same_image_with_its_words() -> None:
    content = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        b"<channel><title>T</title><item><guid>g</guid><title>A title</title>"
        b'<media:content url="https://i.example/c.jpg" type="image/jpeg"/></item></channel></rss>'
    )
    fast, slow = (
        read_well_formed(content, "https://t.example/f"),
        read_with_feedparser(content, "https://t.example/f"),
    )
    assert fast is not None and fast.items[0].image == slow.items[0].image
    # Words only feedparser could be trusted with: the fast reader leaves the feed, and they are still read.
    worded = content.replace(b"</item>", b"<media:title>Words</media:title></item>")
    assert read_well_formed(worded, "https://t.example/f") is None
    image = read_with_feedparser(worded, "https://t.example/f").items[0].image
    assert image is not None and image.alt == "Words"
