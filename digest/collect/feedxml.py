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
"""

from __future__ import annotations

import calendar
import contextlib
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import nh3
from feedparser import mixin as _feedparser_mixin
from feedparser.datetimes import _parse_date as _feedparser_date  # the parser feedparser itself uses
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"

# Entry elements that feed one of our fields, read here: (namespace, name).
_RSS_READ = {
    ("", "title"),
    ("", "link"),
    ("", "guid"),
    ("", "description"),
    ("", "pubDate"),
    ("", "author"),
    (CONTENT, "encoded"),
    (DC, "creator"),
    (DC, "date"),
    (DCTERMS, "issued"),
    (DCTERMS, "modified"),
}
_ATOM_READ = {(ATOM, name) for name in ("title", "link", "id", "summary", "content", "published", "updated")}
# Entry elements of namespaces feedparser knows that leave our fields alone.
_HARMLESS = {
    ("", "category"),
    ("", "comments"),
    ("", "enclosure"),
    (ATOM, "category"),
    ("http://wellformedweb.org/CommentAPI/", "commentRss"),
    ("http://purl.org/rss/1.0/modules/slash/", "comments"),
    ("http://search.yahoo.com/mrss/", "thumbnail"),  # with no children: a media:title would be a title
    ("http://search.yahoo.com/mrss/", "content"),
}
# feedparser maps elements of the namespaces in its table onto its own keys (dc:title is a title,
# itunes:summary a summary...); elements of any other namespace are kept under names of their own and
# touch nothing. Should a later feedparser move its table, every namespace counts as one it reads.
_FEEDPARSER_TABLE: dict[str, str] | None = getattr(_feedparser_mixin._FeedParserMixin, "namespaces", None)
_KNOWN_NAMESPACES = {uri.lower() for uri in _FEEDPARSER_TABLE or {}} | {"", ATOM.lower()}


def _feedparser_reads(namespace: str) -> bool:
    return _FEEDPARSER_TABLE is None or namespace.lower() in _KNOWN_NAMESPACES


_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_C1_TO_CP1252 = {c: bytes([c]).decode("cp1252", "ignore") or chr(c) for c in range(0x80, 0xA0)}
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_parsers = threading.local()  # an lxml parser may not be shared between threads


class NotSure(Exception):
    """This feed is for feedparser."""


@dataclass(frozen=True)
class RawItem:
    """One entry's fields as a feed reader gives them: resolved links, raw title and summary markup."""

    link: str
    guid: str
    title: str
    published_at: datetime | None
    summary: str
    author: str


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
        title=_text(title),
        link=_resolve(link.base, _text(link)) if link is not None and _text(link) else "",
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
        if namespace == ATOM and qname.localname == "link" and _atom_link([child]):
            raise NotSure
        links += namespace == "" and qname.localname == "link"
    if links > 1:
        raise NotSure


def _rss_item(item: Any) -> RawItem:
    fields = _fields(item, _RSS_READ)
    guid = fields.get(("", "guid"))
    permalink = guid is not None and _attribute(guid, "ispermalink", "true") == "true"
    guid_text = _text(guid)
    if guid is not None and permalink and guid_text:
        guid_text = _resolve(guid.base, guid_text)
    link = fields.get(("", "link"))
    link_text = _resolve(link.base, _text(link)) if link is not None and _text(link) else ""
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
        title=_text(fields.get(("", "title"))),
        published_at=_date(next(iter(published), None)) or _date(next(iter(updated), None)),
        summary=_summary(fields.get(("", "description")), fields.get((CONTENT, "encoded")), atom=False),
        author=_text(authors[0]) if authors else "",
    )


def _read_atom(root: Any) -> RawFeed:
    title = root.find(f"{{{ATOM}}}title")
    if title is not None:
        _text_construct(title)  # an XHTML title is for feedparser
    feed_id = root.find(f"{{{ATOM}}}id")
    link = _atom_link(root.findall(f"{{{ATOM}}}link"))
    if not link and feed_id is not None and _text(feed_id):
        link = _resolve(feed_id.base, _text(feed_id))
    return RawFeed(
        title=_text(title),
        link=link,
        items=[_atom_entry(entry) for entry in root.iterfind(f"{{{ATOM}}}entry")],
    )


def _atom_entry(entry: Any) -> RawItem:
    fields = _fields(entry, _ATOM_READ, repeatable={(ATOM, "link")})
    entry_id = fields.get((ATOM, "id"))
    guid = _resolve(entry_id.base, _text(entry_id)) if entry_id is not None and _text(entry_id) else ""
    links = [child for child in entry if child.tag == f"{{{ATOM}}}link"]
    title = fields.get((ATOM, "title"))
    if title is not None:
        _text_construct(title)
    summary, content = fields.get((ATOM, "summary")), fields.get((ATOM, "content"))
    return RawItem(
        link=_atom_link(links) or guid,
        guid=guid,
        title=_text(title),
        published_at=_date(fields.get((ATOM, "published"))) or _date(fields.get((ATOM, "updated"))),
        summary=_summary(summary, content, atom=True),
        author=_atom_author(entry),
    )


def _fields(
    entry: Any, read: set[tuple[str, str]], repeatable: Collection[tuple[str, str]] = ()
) -> dict[tuple[str, str], Any]:
    """The entry's elements that we read, by (namespace, name); NotSure at anything feedparser might
    read differently: a repeated one, or an unknown element of a namespace feedparser knows."""
    found: dict[tuple[str, str], Any] = {}
    for child in entry:
        qname = etree.QName(child)
        key = (qname.namespace or "", qname.localname)
        if key in read:
            if key in found and key not in repeatable:
                raise NotSure
            found.setdefault(key, child)
        elif key in _HARMLESS:
            if len(child):
                raise NotSure
        elif key == (ATOM, "author") and entry.tag == f"{{{ATOM}}}entry":
            continue
        elif _feedparser_reads(key[0]):
            raise NotSure
    return found


def _atom_link(links: list[Any]) -> str:
    """The last alternate HTML link, as feedparser picks it."""
    chosen = ""
    for link in links:
        rel = _attribute(link, "rel", "alternate")
        kind = _content_type(
            _attribute(link, "type", "application/atom+xml" if rel == "self" else "text/html")
        )
        href = link.get("href")
        if href and rel == "alternate" and kind in _HTML_TYPES:
            chosen = _resolve(link.base, href.strip())
    return chosen


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
        parts[qname.localname] = _text(child)
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
        kind = _text_construct(chosen)
        if chosen.get("src") is not None or kind not in _HTML_TYPES | {"text/plain"}:
            raise NotSure  # content elsewhere, or base64 media
    elif chosen.attrib:
        raise NotSure  # a type on RSS text: feedparser guesses from the text
    else:
        kind = "text/html"
    value = _text(chosen)
    return nh3.clean(value) if kind in _HTML_TYPES and value else value


def _text_construct(element: Any) -> str:
    """The media type of an Atom text construct; an XHTML one (markup as elements) is for feedparser."""
    kind = _content_type(_attribute(element, "type", "text/plain"))
    if len(element) or kind == "application/xhtml+xml":
        raise NotSure
    return kind


def _content_type(value: str) -> str:
    value = value.lower()
    return {
        "text": "text/plain",
        "plain": "text/plain",
        "html": "text/html",
        "xhtml": "application/xhtml+xml",
    }.get(value, value)


def _attribute(element: Any, name: str, default: str) -> str:
    """An attribute by its name in any case, as feedparser reads them."""
    for key, value in element.attrib.items():
        if etree.QName(key).localname.lower() == name:
            return str(value)
    return default


def _text(element: Any) -> str:
    if element is None:
        return ""
    if len(element):
        raise NotSure  # markup as elements: feedparser has its own way with it
    return _repaired((element.text or "").strip())


def _repaired(text: str) -> str:
    """feedparser's two repairs of UTF-8 text: C1 control characters read as Windows-1252, and text
    that was UTF-8 read as Latin-1 and encoded again."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_C1_TO_CP1252)


def _resolve(base: str | None, uri: str) -> str:
    uri = _URI_FIXER.sub(r"\1\3", uri)
    try:
        return urljoin(base or "", uri)
    except ValueError:
        return ""


def _date(element: Any | None) -> datetime | None:
    if element is None:
        return None
    parsed = _feedparser_date(_text(element))
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None  # a year 0 or 99999 date is no date
