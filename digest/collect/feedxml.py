"""Well-formed RSS 2.0 and Atom 1.0 in UTF-8, read with lxml: the common case, about ten times faster
than feedparser.

feedparser copes with anything (broken XML, any encoding, a dozen dialects and their quirks), but it
is pure Python, and it was 70 % of a poll's CPU (tests/benchmarks/bench_polling.py). Most feeds are
well-formed RSS 2.0 or Atom 1.0 in UTF-8 using a handful of elements. This module reads exactly those
and gives the fields feedparser would give for them: the same links (relative ones resolved against
xml:base and the feed URL), the same choice between elements that say the same thing, the same dates
(feedparser's own date parser) and the same text repairs. Whatever it is not sure of returns None,
and feedparser reads the feed: a DOCTYPE, another encoding, XML that is not well-formed, another
dialect, an element in an entry that feedparser would read into one of our fields in its own way, an
element repeated where the order decides which one wins. tests/collect/test_feedxml.py holds the two readers
to the same answers.

This module is the reading: the gate (plain UTF-8, well-formed, no DOCTYPE), then channel and items, feed
and entries. feedrules.py holds feedparser's answers for single elements (which elements count, their
text, links and dates), so each difference found against feedparser is mended there, once.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nh3
from lxml import etree

from digest.collect.feedrules import (
    ATOM,
    ATOM_READ,
    CONTENT,
    DC,
    DCTERMS,
    HTML_TYPES,
    RSS_READ,
    NotSure,
    atom_link,
    attribute,
    date,
    entry_fields,
    feed_image,
    media_lists,
    resolve,
    text,
    text_construct,
)
from digest.collect.mediatext import media_alt, with_alt
from digest.models import ArticleImage

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_parsers = threading.local()  # an lxml parser may not be shared between threads


@dataclass(frozen=True)
class RawItem:
    """One entry's fields as a feed reader gives them: resolved links, raw title and summary markup."""

    link: str
    guid: str
    title: str
    published_at: datetime | None
    summary: str
    author: str
    image: ArticleImage | None = None


@dataclass(frozen=True)
class RawFeed:
    title: str
    link: str
    items: list[RawItem]
    warning: str = ""


def read_well_formed(content: bytes, url: str, content_type: str = "") -> RawFeed | None:
    """The feed's entries when it is well-formed RSS 2.0 or Atom 1.0 in UTF-8; None for feedparser."""
    if not _plain_utf8(content, content_type):
        return None
    try:
        root = etree.fromstring(content, _parser(), base_url=url)
    except (etree.XMLSyntaxError, ValueError):
        return None
    try:
        if root.tag == "rss":
            return _read_rss(root)
        if root.tag == f"{{{ATOM}}}feed":
            return _read_atom(root)
    except NotSure:
        return None
    return None


def _parser() -> Any:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        # No DTDs, no entities, no network: a feed is data, never instructions to fetch more.
        parser = _parsers.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
        )
    return parser


def _plain_utf8(content: bytes, content_type: str) -> bool:
    """UTF-8 by every account, and no DOCTYPE: the encoding rules (RFC 7303) and entity declarations
    are where feedparser's answer and a plain XML parser's could differ."""
    head = content[:1024].removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head.startswith(b"<") or b"<!DOCTYPE" in content[:4096].upper():
        return False
    declared = _DECLARED_ENCODING.match(head)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    kind, _, params = content_type.lower().partition(";")
    charset = params.partition("charset=")[2].split(";")[0].strip().strip("\"'")
    if charset:
        return charset in ("utf-8", "utf8")
    # text/* with no charset is US-ASCII by the book; feedparser then guesses. Only ASCII is certain.
    return not kind.strip().startswith("text/") or content.isascii()


def _read_rss(root: Any) -> RawFeed:
    channel = root.find("channel")
    if channel is None:
        raise NotSure
    _check_channel(channel)
    items = [_rss_item(item) for item in channel.iterfind("item")]
    title = channel.find("title")
    link = channel.find("link")
    return RawFeed(
        title=text(title),
        link=resolve(link.base, text(link)) if link is not None and text(link) else "",
        items=items,
    )


def _check_channel(channel: Any) -> None:
    """NotSure when the feed's own title or link could come from elsewhere in feedparser's reading:
    a namespaced title (dc:title, media:title...), an Atom alternate link, or repeated elements."""
    links = 0
    for child in channel:
        qname = etree.QName(child)
        namespace = qname.namespace or ""
        if qname.localname == "title" and namespace:
            raise NotSure
        if namespace == ATOM and qname.localname == "link" and atom_link([child]):
            raise NotSure
        links += namespace == "" and qname.localname == "link"
    if links > 1:
        raise NotSure


def _rss_item(item: Any) -> RawItem:
    fields = entry_fields(item, RSS_READ)
    guid = fields.get(("", "guid"))
    permalink = guid is not None and attribute(guid, "ispermalink", "true") == "true"
    guid_text = text(guid)
    if guid is not None and permalink and guid_text:
        guid_text = resolve(guid.base, guid_text)
    link = fields.get(("", "link"))
    link_text = resolve(link.base, text(link)) if link is not None and text(link) else ""
    if not link_text and link is None and permalink:
        link_text = guid_text
    authors = [fields[key] for key in (("", "author"), (DC, "creator")) if key in fields]
    if len(authors) > 1:
        raise NotSure  # which one feedparser keeps depends on their order
    published = [fields[key] for key in (("", "pubDate"), (DCTERMS, "issued")) if key in fields]
    updated = [fields[key] for key in ((DC, "date"), (DCTERMS, "modified")) if key in fields]
    if len(published) > 1 or len(updated) > 1:
        raise NotSure  # feedparser keeps the last of each kind
    return RawItem(
        link=link_text,
        guid=guid_text,
        title=text(fields.get(("", "title"))),
        published_at=date(next(iter(published), None)) or date(next(iter(updated), None)),
        summary=_summary(fields.get(("", "description")), fields.get((CONTENT, "encoded")), atom=False),
        author=text(authors[0]) if authors else "",
        image=with_alt(feed_image(*media_lists(item)), media_alt(item)),
    )


def _read_atom(root: Any) -> RawFeed:
    title = root.find(f"{{{ATOM}}}title")
    if title is not None:
        text_construct(title)  # an XHTML title is for feedparser
    feed_id = root.find(f"{{{ATOM}}}id")
    link = atom_link(root.findall(f"{{{ATOM}}}link"))
    if not link and feed_id is not None and text(feed_id):
        link = resolve(feed_id.base, text(feed_id))
    return RawFeed(
        title=text(title),
        link=link,
        items=[_atom_entry(entry) for entry in root.iterfind(f"{{{ATOM}}}entry")],
    )


def _atom_entry(entry: Any) -> RawItem:
    fields = entry_fields(entry, ATOM_READ, repeatable={(ATOM, "link")})
    entry_id = fields.get((ATOM, "id"))
    guid = resolve(entry_id.base, text(entry_id)) if entry_id is not None and text(entry_id) else ""
    links = [child for child in entry if child.tag == f"{{{ATOM}}}link"]
    title = fields.get((ATOM, "title"))
    if title is not None:
        text_construct(title)
    summary, content = fields.get((ATOM, "summary")), fields.get((ATOM, "content"))
    return RawItem(
        link=atom_link(links) or guid,
        guid=guid,
        title=text(title),
        published_at=date(fields.get((ATOM, "published"))) or date(fields.get((ATOM, "updated"))),
        summary=_summary(summary, content, atom=True),
        author=_atom_author(entry),
        image=with_alt(feed_image(*media_lists(entry)), media_alt(entry)),
    )


def _atom_author(entry: Any) -> str:
    authors = entry.findall(f"{{{ATOM}}}author")
    if not authors:
        return ""
    if len(authors) > 1:
        raise NotSure
    parts: dict[str, str] = {}
    for child in authors[0]:
        qname = etree.QName(child)
        if qname.namespace != ATOM or qname.localname not in ("name", "email", "uri") or len(child):
            raise NotSure
        parts[qname.localname] = text(child)
    name, email = parts.get("name", ""), parts.get("email", "")
    if name and email:
        return f"{name} ({email})"
    return name or email


def _summary(summary: Any, content: Any, *, atom: bool) -> str:
    """The summary element, else the full content: feedparser's `summary`, made safe the way its
    sanitiser would (nh3 instead): scripts and styles go, with their text."""
    chosen = summary if summary is not None else content
    if chosen is None:
        return ""
    if atom:
        # Atom says what its text is; text stays text, as feedparser leaves it.
        kind = text_construct(chosen)
        if chosen.get("src") is not None or kind not in HTML_TYPES | {"text/plain"}:
            raise NotSure  # content elsewhere, or base64 media
    elif chosen.attrib:
        raise NotSure  # a type on RSS text: feedparser guesses from the text
    else:
        kind = "text/html"
    value = text(chosen)
    return nh3.clean(value) if kind in HTML_TYPES and value else value
