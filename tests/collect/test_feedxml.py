"""The fast feed reader gives what feedparser gives, for every feed it takes; anything else it leaves.

Most of these compare the two readers on the same bytes: the fixtures, the bundled sample, and a
few hundred generated feeds that mix the shapes real feeds come in (tests/support/feedgen.py). The
generator knows which of its shapes are for feedparser, so a reader that gave up on everything would
fail here too.
"""

from __future__ import annotations

import random
from pathlib import Path

import feedparser
import pytest

from digest.collect.feeds import parse_feed, plain_title, read_with_feedparser
from digest.collect.feedxml import RawFeed, read_well_formed
from digest.highlights.extract import page_from_summary
from tests.support.feedgen import FEED_URL, Item, random_entry, random_item, rss

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "feeds"
SAMPLE = Path(__file__).resolve().parents[2] / "digest" / "sample" / "feed.xml"


def assert_same_reading(content: bytes, url: str = FEED_URL, content_type: str = "") -> RawFeed:
    """Both readers on the same bytes. Titles and summaries are compared as what a digest makes of
    them (plain titles, the text of summaries): feedparser sanitises markup, which is then dropped."""
    fast = read_well_formed(content, url, content_type)
    assert fast is not None, "the fast reader gave this feed to feedparser"
    slow = read_with_feedparser(content, url, content_type)
    assert (fast.title, fast.link) == (slow.title, slow.link)
    assert len(fast.items) == len(slow.items)
    for mine, theirs in zip(fast.items, slow.items, strict=True):
        assert (mine.link, mine.guid, mine.published_at) == (theirs.link, theirs.guid, theirs.published_at)
        assert plain_title(mine.title) == plain_title(theirs.title)
        assert plain_title(mine.author) == plain_title(theirs.author)
        assert mine.image == theirs.image
        title = plain_title(mine.title)
        assert page_from_summary(title, mine.summary) == page_from_summary(title, theirs.summary)
    return fast


@pytest.mark.parametrize(
    "name",
    [
        "shared-a.xml",
        "shared-b.xml",
        "html-titles.xml",
        "relative-links.xml",
        "duplicate-guids.xml",
        "dates.xml",
        "atom-xml-base.xml",
    ],
)
def test_every_well_formed_fixture_reads_as_feedparser_reads_it(name: str) -> None:
    content = (FIXTURES / name).read_bytes().replace(b"%BASE_URL%", b"http://127.0.0.1:1")
    assert_same_reading(content)


def test_the_bundled_sample_feed_reads_as_feedparser_reads_it() -> None:
    assert len(assert_same_reading(SAMPLE.read_bytes()).items) == 4


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("bozo.xml", ""),  # not well-formed: feedparser reads what it can
        ("latin1.xml", "application/rss+xml; charset=iso-8859-1"),  # not UTF-8
    ],
)
def test_feeds_that_are_not_plain_well_formed_utf8_go_to_feedparser(name: str, content_type: str) -> None:
    assert read_well_formed((FIXTURES / name).read_bytes(), FEED_URL, content_type) is None


def test_text_served_as_text_xml_without_a_charset_is_only_taken_when_it_is_ascii() -> None:
    ascii_feed = rss(Item(title="Plain"))
    assert read_well_formed(ascii_feed, FEED_URL, "text/xml") is not None
    accented = rss(Item(title="Café"))
    assert read_well_formed(accented, FEED_URL, "text/xml") is None
    assert read_well_formed(accented, FEED_URL, "application/rss+xml") is not None


def test_a_doctype_never_reaches_the_xml_parser() -> None:
    """Entity declarations are how XML bombs and file reads get in; feedparser has its own guard."""
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b"<rss version='2.0'><channel><title>&b;</title></channel></rss>"
    )
    assert read_well_formed(bomb, FEED_URL) is None


def test_a_well_formed_feed_does_not_need_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("feedparser was asked to read a plain RSS feed")

    monkeypatch.setattr(feedparser, "parse", refuse)
    parsed = parse_feed(SAMPLE.read_bytes(), FEED_URL)
    assert len(parsed.entries) == 4


def test_the_same_entries_come_out_of_parse_feed_whichever_reader_reads_them() -> None:
    content = rss(
        Item(title="A &lt;b&gt;bold&lt;/b&gt; move", link="/a/1", guid="g-1", permalink=False),
        Item(title="Second", guid="/a/2"),
    )
    fast = parse_feed(content, FEED_URL)
    slow_raw = read_with_feedparser(content, FEED_URL)
    assert [e.title for e in fast.entries] == ["A bold move", "Second"]
    assert [e.url for e in fast.entries] == [item.link or item.guid for item in slow_raw.items]
    assert [e.identity for e in fast.entries] == ["g-1", "https://news.example/a/2"]


@pytest.mark.parametrize(
    "item",
    [
        "<link></link><guid>/p/1</guid>",  # an empty link is still a link: the GUID does not stand in
        "<guid>/p/1</guid><link/>",
        "<guid></guid><link>/a</link>",
        '<guid isPermaLink="true"> /p/2 </guid>',
        "<title> </title><link> /a b </link>",
        "<link>javascript:alert(1)</link>",  # kept as feedparser keeps it; the fetcher refuses it
        "<link>HTTP://Ex.COM/A?</link>",
        "<guid>http://ex.example/p/3</guid><title>Same &amp;amp; &lt;same&gt;</title>",
    ],
)
def test_odd_links_and_guids_read_as_feedparser_reads_them(item: str) -> None:
    channel = f"<channel><title>T</title><item>{item}</item></channel>"
    assert_same_reading(f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode())


@pytest.mark.parametrize(
    "channel_extra",
    [
        '<dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">Another name</dc:title>',
        '<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="alternate" href="/elsewhere"/>',
        "<link>/second-home</link>",
    ],
)
def test_a_feed_name_or_home_that_could_come_from_elsewhere_goes_to_feedparser(channel_extra: str) -> None:
    channel = (
        f"<channel><title>T</title><link>/home</link>{channel_extra}<item><guid>g</guid></item></channel>"
    )
    assert read_well_formed(f'<rss version="2.0">{channel}</rss>'.encode(), FEED_URL) is None


# --- generated feeds -------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(300))
def test_generated_rss_reads_as_feedparser_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    drawn = [random_item(rng) for _ in range(rng.randint(1, 6))]
    content = rss(*(item for item, _ in drawn), base=rng.choice(["", "https://mirror.example/"]), rng=rng)
    if any(unsure for _, unsure in drawn):
        assert read_well_formed(content, FEED_URL) is None
    else:
        assert_same_reading(content)


@pytest.mark.parametrize("seed", range(200))
def test_generated_atom_reads_as_feedparser_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    drawn = [random_entry(rng) for _ in range(rng.randint(1, 5))]
    feed_link = rng.choice(["", '<link href="/"/>', '<link rel="alternate" href="home"/>'])
    content = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title type='html'>News &amp;amp; views</title><id>tag:news.example,2025:feed</id>{feed_link}"
        f"{''.join(entry for entry, _ in drawn)}</feed>"
    ).encode()
    if any(unsure for _, unsure in drawn):
        assert read_well_formed(content, FEED_URL) is None
    else:
        assert_same_reading(content)


@pytest.mark.parametrize(
    ("item", "image_url"),
    [
        ('<media:thumbnail url="https://i.example/t.jpg"/><media:content url="https://i.example/c.jpg" '
         'type="image/jpeg" width="1200" height="675"/>', "https://i.example/c.jpg"),
        ('<enclosure url="https://i.example/e.png" type="image/png" length="9"/>'
         '<media:thumbnail>https://i.example/t.jpg</media:thumbnail>', "https://i.example/t.jpg"),
        ('<media:content url="https://i.example/v.mp4" type="video/mp4"/>'
         '<enclosure url="https://i.example/e.png" type="image/png" length="9"/>', "https://i.example/e.png"),
        ('<media:content url="data:image/png;base64,AAAA" type="image/png"/>', None),
    ],
)  # fmt: skip
def test_an_items_image_is_chosen_alike_by_both_readers(item: str, image_url: str | None) -> None:
    channel = f"<channel><title>T</title><item><guid>g</guid>{item}</item></channel>"
    xmlns = 'xmlns:media="http://search.yahoo.com/mrss/"'
    fast = assert_same_reading(f'<?xml version="1.0"?><rss version="2.0" {xmlns}>{channel}</rss>'.encode())
    image = fast.items[0].image
    assert (image.url if image else None) == image_url


def test_generated_feeds_do_carry_images_so_the_comparison_compares_some() -> None:
    rng = random.Random(7)
    images = 0
    for _ in range(60):
        drawn = [random_item(rng) for _ in range(4)]
        fast = read_well_formed(rss(*(item for item, _ in drawn), rng=rng), FEED_URL)
        images += sum(1 for item in fast.items if item.image) if fast else 0
    assert images >= 20
