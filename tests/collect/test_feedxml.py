"""The fast feed reader gives what feedparser gives, for every feed it takes; anything else it leaves.

Most of these compare the two readers on the same bytes: the fixtures, the bundled sample, and a
few hundred generated feeds that mix the shapes real feeds come in (element order, relative links
and xml:base, CDATA and escaped markup, entities, non-ASCII and mis-encoded text, dates in several
forms, the elements that say the same thing twice). The generator knows which of its shapes are
for feedparser, so a reader that gave up on everything would fail here too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import pytest

from digest.collect.feeds import parse_feed, plain_title, read_with_feedparser
from digest.collect.feedxml import RawFeed, read_well_formed
from digest.highlights.extract import page_from_summary

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "feeds"
SAMPLE = Path(__file__).resolve().parents[2] / "digest" / "sample" / "feed.xml"
FEED_URL = "https://news.example/section/feed.xml"
NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:x="urn:example:private"'
)


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

TITLES = [
    "Harbour berth opens next spring",
    "A &lt;b&gt;bold&lt;/b&gt; &amp;amp; escaped title",
    "<![CDATA[Rates <i>rise</i> & markets fall]]>",
    "Café reopens in Zürich — “at last”",
    "CafÃ© owners Ã¼ber-happy",  # UTF-8 that was read as Latin-1: feedparser repairs it
    "Quote \u0093marks\u0094 from Windows",  # C1 characters: feedparser reads them as Windows-1252
    "  Spaces   around  ",
    "",
]
SUMMARIES = [
    "&lt;p&gt;The council voted 7–2. &lt;script&gt;track()&lt;/script&gt;Work starts in May.&lt;/p&gt;",
    "<![CDATA[<p>Full text with <a href='/rel'>a link</a>.</p><p>Second paragraph.</p>]]>",
    "Plain text, no markup at all, with an ampersand &amp; a less-than &lt; sign.",
    "&lt;ul&gt;&lt;li&gt;One point.&lt;/li&gt;&lt;li&gt;Another point.&lt;/li&gt;&lt;/ul&gt;",
    "",
]
DATES = [
    "Mon, 03 Nov 2025 10:00:00 GMT",
    "Mon, 3 Nov 2025 10:00 +0200",
    "03 Nov 2025 10:00:00 EST",
    "2025-11-03T10:00:00Z",
    "2025-11-03T10:00:00.123+05:30",
    "2025-11-03",
    "not a date",
    "Sat, 01 Jan 99999 00:00:00 GMT",
]
LINKS = ["https://news.example/a/1?x=1&amp;y=2", "/a/2", "a/3", "../a/4", "//cdn.example/a/5", "https:///a/6"]


@dataclass
class Item:
    title: str | None = None
    link: str | None = None
    guid: str | None = None
    permalink: bool | None = None
    description: str | None = None
    content: str | None = None
    pub_date: str | None = None
    dc_date: str | None = None
    author: str | None = None
    creator: str | None = None
    base: str | None = None
    extras: list[str] = field(default_factory=list)

    def xml(self, rng: random.Random | None = None) -> str:
        guid_tag = "guid" if self.permalink is None else f'guid isPermaLink="{str(self.permalink).lower()}"'
        elements = [
            ("title", self.title),
            ("link", self.link),
            (guid_tag, self.guid),
            ("description", self.description),
            ("content:encoded", self.content),
            ("pubDate", self.pub_date),
            ("dc:date", self.dc_date),
            ("author", self.author),
            ("dc:creator", self.creator),
        ]
        parts = [f"<{tag}>{text}</{tag.split()[0]}>" for tag, text in elements if text is not None]
        parts += self.extras
        if rng is not None:
            rng.shuffle(parts)
        base = f' xml:base="{self.base}"' if self.base else ""
        return f"<item{base}>{''.join(parts)}</item>"


def rss(*items: Item, base: str = "", rng: random.Random | None = None) -> bytes:
    xml_base = f' xml:base="{base}"' if base else ""
    body = "".join(item.xml(rng) for item in items)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" {NAMESPACES}>'
        f"<channel{xml_base}><title>News &amp; views</title><link>/section/</link>"
        f'<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="{FEED_URL}"/>'
        f"<image><title>Logo</title><url>/logo.png</url></image>{body}</channel></rss>"
    ).encode()


HARMLESS = [
    "<category>Local</category>",
    "<comments>/a/1#comments</comments>",
    '<enclosure url="/audio.mp3" length="1" type="audio/mpeg"/>',
    '<media:thumbnail url="/t.jpg"/>',
    "<wfw:commentRss>/a/1/feed</wfw:commentRss>",
    "<x:score>42</x:score>",  # a namespace feedparser does not know
]
FOR_FEEDPARSER = [
    "<itunes:summary>Another summary</itunes:summary>",  # feedparser reads it into `summary`
    '<media:content url="/v.mp4"><media:title>Another title</media:title></media:content>',
    "<source url='https://elsewhere.example/feed'>Elsewhere</source>",
    "<title>A second title</title>",
    "<unknownElement>text</unknownElement>",
]


def random_item(rng: random.Random) -> tuple[Item, bool]:
    """An item, and whether it holds something only feedparser should read."""

    def maybe(values: list[str], chance: float = 0.7) -> str | None:
        return rng.choice(values) if rng.random() < chance else None

    item = Item(
        title=maybe(TITLES, 0.9),
        link=maybe(LINKS),
        guid=maybe([*LINKS, "tag:news.example,2025:1", "item-17"], 0.6),
        permalink=rng.choice([None, True, False]),
        description=maybe(SUMMARIES, 0.6),
        content=maybe(SUMMARIES, 0.3),
        pub_date=maybe(DATES, 0.6),
        dc_date=maybe(DATES, 0.2),
        base=maybe(["https://other.example/blog/", "/archive/", "sub/"], 0.2),
    )
    who = maybe(["jane@news.example (Jane Doe)", "Jane Doe", "desk@news.example", "Ana &amp; Ben"], 0.5)
    if rng.random() < 0.5:
        item.author = who
    else:
        item.creator = who
    item.extras = rng.sample(HARMLESS, rng.randint(0, 3))
    unsure = rng.random() < 0.15
    if unsure:
        item.extras.append(rng.choice(FOR_FEEDPARSER))
        item.title = item.title or TITLES[0]  # so "a second title" is a second one
    return item, unsure


@pytest.mark.parametrize("seed", range(300))
def test_generated_rss_reads_as_feedparser_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    drawn = [random_item(rng) for _ in range(rng.randint(1, 6))]
    content = rss(*(item for item, _ in drawn), base=rng.choice(["", "https://mirror.example/"]), rng=rng)
    if any(unsure for _, unsure in drawn):
        assert read_well_formed(content, FEED_URL) is None
    else:
        assert_same_reading(content)


ATOM_LINKS = [
    '<link href="/a/1"/>',
    '<link rel="alternate" type="text/html" href="a/2"/>',
    '<link rel="alternate" href="https://news.example/a/3"/>',
    '<link rel="self" href="/self"/>',
    '<link rel="enclosure" type="audio/mpeg" href="/a.mp3"/>',
    '<link rel="alternate" type="application/pdf" href="/a.pdf"/>',
]
ATOM_TEXT = [
    ("text", "Plain &amp; simple &lt;not a tag&gt;"),
    ("html", "&lt;p&gt;Marked &lt;b&gt;up&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;"),
    (None, "No type given"),
    ("text/html", "<![CDATA[<p>A MIME type for a type.</p>]]>"),
]


def random_entry(rng: random.Random) -> tuple[str, bool]:
    parts = []
    if rng.random() < 0.9:
        kind, text = rng.choice(ATOM_TEXT)
        parts.append(f"<title{f' type={kind!r}' if kind else ''}>{text}</title>")
    if rng.random() < 0.9:
        parts.append(f"<id>{rng.choice(['urn:uuid:1225c695', 'tag:news.example,2025:7', 'entries/9'])}</id>")
    parts += rng.sample(ATOM_LINKS, rng.randint(0, 3))
    for name in ("summary", "content"):
        if rng.random() < 0.5:
            kind, text = rng.choice(ATOM_TEXT)
            parts.append(f"<{name}{f' type={kind!r}' if kind else ''}>{text}</{name}>")
    for name in ("published", "updated"):
        if rng.random() < 0.5:
            parts.append(f"<{name}>{rng.choice(DATES)}</{name}>")
    if rng.random() < 0.6:
        who = rng.choice(
            [
                "<name>Jane Doe</name>",
                "<name>Jane</name><email>j@news.example</email>",
                "<email>x@y.z</email>",
            ]
        )
        parts.append(f"<author>{who}<uri>https://news.example/jane</uri></author>")
    parts.append("<category term='local'/>")
    unsure = rng.random() < 0.15
    if unsure:
        parts.append(
            rng.choice(
                [
                    '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></summary>',
                    "<rights>© News</rights>",
                    "<contributor><name>Ben</name></contributor>",
                    "<source><id>tag:elsewhere.example,2025:feed</id></source>",
                ]
            )
        )
    rng.shuffle(parts)
    base = rng.choice(["", ' xml:base="https://other.example/blog/"'])
    return f"<entry{base}>{''.join(parts)}</entry>", unsure


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
