"""Feeds generated in the shapes real feeds come in, for holding the fast reader to feedparser's answers
(tests/collect/test_feedxml.py): element order, relative links and xml:base, CDATA and escaped markup,
entities, non-ASCII and mis-encoded text, dates in several forms, the elements that say the same thing
twice. Each generated item or entry comes with whether it holds something only feedparser should read,
so a reader that gave up on everything would fail too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FEED_URL = "https://news.example/section/feed.xml"
NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:x="urn:example:private"'
)


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
    """An RSS item: each field set is one element; extras are written as they are."""

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
    # Images, in the forms feeds give them (tests/collect/test_article_images.py says which is chosen).
    '<media:thumbnail url="https://cdn.news.example/t.jpg" width="150" height="100"/>',
    "<media:thumbnail>https://cdn.news.example/text-thumb.jpg</media:thumbnail>",
    '<media:content url="https://cdn.news.example/lead.jpg" type="image/jpeg" width="1200" height="675"/>',
    '<media:content url="https://cdn.news.example/lead.webp" medium="image" WIDTH="800" Height="x"/>',
    '<media:content url="https://cdn.news.example/clip.mp4" type="video/mp4" width="640" height="360"/>',
    '<media:content url="javascript:alert(1)" type="image/png"/>',
    '<enclosure url="https://cdn.news.example/photo.png" length="1" type="IMAGE/PNG"/>',
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


ATOM_LINKS = [
    '<link href="/a/1"/>',
    '<link rel="alternate" type="text/html" href="a/2"/>',
    '<link rel="alternate" href="https://news.example/a/3"/>',
    '<link rel="self" href="/self"/>',
    '<link rel="enclosure" type="audio/mpeg" href="/a.mp3"/>',
    '<link rel="enclosure" type="image/jpeg" href="https://cdn.news.example/atom.jpg"/>',
    '<media:content xmlns:media="http://search.yahoo.com/mrss/" url="https://cdn.news.example/m.jpg" '
    'medium="image"/>',
    '<link rel="alternate" type="application/pdf" href="/a.pdf"/>',
]
ATOM_TEXT = [
    ("text", "Plain &amp; simple &lt;not a tag&gt;"),
    ("html", "&lt;p&gt;Marked &lt;b&gt;up&lt;/b&gt;.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;"),
    (None, "No type given"),
    ("text/html", "<![CDATA[<p>A MIME type for a type.</p>]]>"),
]


def random_entry(rng: random.Random) -> tuple[str, bool]:
    """An Atom entry, and whether it holds something only feedparser should read."""
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
