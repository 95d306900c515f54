"""feedparser's rules for the elements the fast reader (feedxml.py) reads, restated for lxml elements.

Which entry elements feed one of our fields, which ones leave them alone, which namespaces feedparser
maps onto its own keys, and its ways with an element's text, links, attributes and dates. The reader
is the sequence (find the channel, walk the items); these are the answers it must give exactly as
feedparser does, kept apart so that a difference found against feedparser is mended in one place.
Whatever is not certain raises NotSure, and feedparser reads the whole feed.
"""

from __future__ import annotations

import calendar
import contextlib
import re
import time
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from feedparser import mixin as _feedparser_mixin
from feedparser.datetimes import _parse_date as _feedparser_date  # the parser feedparser itself uses
from lxml import etree

from digest.models import ArticleImage
from digest.models.images import article_image

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MEDIA = "http://search.yahoo.com/mrss/"

# Entry elements that feed one of our fields, read by the fast reader: (namespace, name).
RSS_READ = {
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
ATOM_READ = {(ATOM, name) for name in ("title", "link", "id", "summary", "content", "published", "updated")}
# Entry elements of namespaces feedparser knows that leave our fields alone.
_HARMLESS = {
    ("", "category"),
    ("", "comments"),
    ("", "enclosure"),
    (ATOM, "category"),
    ("http://wellformedweb.org/CommentAPI/", "commentRss"),
    ("http://purl.org/rss/1.0/modules/slash/", "comments"),
    (MEDIA, "thumbnail"),  # with no children: a media:title would be a title; read by media_lists
    (MEDIA, "content"),
}
# feedparser maps elements of the namespaces in its table onto its own keys (dc:title is a title,
# itunes:summary a summary...); elements of any other namespace are kept under names of their own and
# touch nothing. Should a later feedparser move its table, every namespace counts as one it reads.
_FEEDPARSER_TABLE: dict[str, str] | None = getattr(_feedparser_mixin._FeedParserMixin, "namespaces", None)
_KNOWN_NAMESPACES = {uri.lower() for uri in _FEEDPARSER_TABLE or {}} | {"", ATOM.lower()}

HTML_TYPES = {"text/html", "application/xhtml+xml"}
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_C1_TO_CP1252 = {c: bytes([c]).decode("cp1252", "ignore") or chr(c) for c in range(0x80, 0xA0)}


class NotSure(Exception):
    """This feed is for feedparser."""


def _feedparser_reads(namespace: str) -> bool:
    return _FEEDPARSER_TABLE is None or namespace.lower() in _KNOWN_NAMESPACES


def entry_fields(
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


def atom_link(links: list[Any]) -> str:
    """The last alternate HTML link, as feedparser picks it."""
    chosen = ""
    for link in links:
        rel = attribute(link, "rel", "alternate")
        kind = content_type(attribute(link, "type", "application/atom+xml" if rel == "self" else "text/html"))
        href = link.get("href")
        if href and rel == "alternate" and kind in HTML_TYPES:
            chosen = resolve(link.base, href.strip())
    return chosen


def text_construct(element: Any) -> str:
    """The media type of an Atom text construct; an XHTML one (markup as elements) is for feedparser."""
    kind = content_type(attribute(element, "type", "text/plain"))
    if len(element) or kind == "application/xhtml+xml":
        raise NotSure
    return kind


def content_type(value: str) -> str:
    value = value.lower()
    return {
        "text": "text/plain",
        "plain": "text/plain",
        "html": "text/html",
        "xhtml": "application/xhtml+xml",
    }.get(value, value)


def attribute(element: Any, name: str, default: str) -> str:
    """An attribute by its name in any case, as feedparser reads them."""
    for key, value in element.attrib.items():
        if etree.QName(key).localname.lower() == name:
            return str(value)
    return default


def text(element: Any) -> str:
    if element is None:
        return ""
    if len(element):
        raise NotSure  # markup as elements: feedparser has its own way with it
    return _repaired((element.text or "").strip())


def _repaired(value: str) -> str:
    """feedparser's two repairs of UTF-8 text: C1 control characters read as Windows-1252, and text
    that was UTF-8 read as Latin-1 and encoded again."""
    if value.isascii():
        return value
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        value = value.encode("iso-8859-1").decode("utf-8")
    return value.translate(_C1_TO_CP1252)


def resolve(base: str | None, uri: str) -> str:
    uri = _URI_FIXER.sub(r"\1\3", uri)
    try:
        return urljoin(base or "", uri)
    except ValueError:
        return ""


def date(element: Any | None) -> datetime | None:
    return None if element is None else utc_datetime(_feedparser_date(text(element)))


def utc_datetime(parsed: time.struct_time | None) -> datetime | None:
    """A date as feedparser parses it (a UTC time tuple), as a datetime: both readers turn their
    dates through here, so the same date string gives the same instant whichever reader read it."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None  # a year 0 or 99999 date is no date


def media_lists(entry: Any) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """The entry's media:content, media:thumbnail and enclosures as feedparser lists them (attributes
    by lower-case name, in document order; a thumbnail's text stands for a missing url), for
    `feed_image`. An RSS enclosure's url and an Atom enclosure link's href are both `href`."""
    contents, thumbnails, enclosures = [], [], []
    for child in entry:
        qname = etree.QName(child)
        attrs = {etree.QName(k).localname.lower(): str(v) for k, v in child.attrib.items()}
        if qname.namespace == MEDIA and qname.localname == "content":
            contents.append(attrs)
        elif qname.namespace == MEDIA and qname.localname == "thumbnail":
            if "url" not in attrs and (child.text or "").strip():
                attrs["url"] = child.text.strip()
            thumbnails.append(attrs)
        elif (qname.namespace or "", qname.localname) == ("", "enclosure"):
            attrs["href"] = attrs.pop("url", attrs.get("href", ""))
            enclosures.append(attrs)
        elif (
            qname.namespace == ATOM
            and qname.localname == "link"
            and attrs.get("rel", "").lower() == "enclosure"
        ):
            enclosures.append(attrs)
    return contents, thumbnails, enclosures


def feed_image(
    contents: list[dict[str, str]], thumbnails: list[dict[str, str]], enclosures: list[dict[str, str]]
) -> ArticleImage | None:
    """The entry's image: the first media:content that is an image, else the first thumbnail, else
    the first image enclosure. Both readers pass their lists here, so they choose alike. URLs are
    taken as written (never resolved): a relative one is refused, as readers may resolve it apart."""
    candidates = [
        *(c for c in contents if _is_image(c.get("type", ""), c.get("medium", ""))),
        *thumbnails,
    ]
    for found in candidates:
        image = article_image(
            found.get("url", ""), width=found.get("width", ""), height=found.get("height", "")
        )
        if image is not None:
            return image
    for enclosure in enclosures:
        if _is_image(enclosure.get("type", ""), ""):
            image = article_image(enclosure.get("href", ""))
            if image is not None:
                return image
    return None


def _is_image(kind: str, medium: str) -> bool:
    return kind.strip().lower().startswith("image/") or (
        not kind.strip() and medium.strip().lower() == "image"
    )
