"""OPML 2.0 in and out: `digest feeds import LIST FILE` and `digest feeds export [LIST]`.

Reading is listparser's (it reads what feed readers actually export: nested outlines, `category`
attributes, OPML 1.0 and 2.0, mis-declared entities); it parses with lxml's recovering HTML parser or
the standard library's, neither of which loads a DTD, resolves an external entity or expands a
declared one. A file that declares entities is refused anyway (OPML needs none), as is one over the
size or feed count caps, before anything is stored.

Each outline is checked on its own: a bad URL is reported with the outline's title and skipped, the
rest go on. An outline already on the list is counted, not added twice, so running the same file again
changes nothing. Feeds are not fetched at import (hundreds of sites, one by one): the next poll reads
them and `digest feeds list` shows any that fail.
"""

from __future__ import annotations

import contextlib
import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime

import listparser
from lxml import etree

from digest.collect.urls import url_problem as fetchable
from digest.errors import InvalidInput
from digest.store import Store

MAX_OPML_BYTES = 5 * 1024 * 1024  # a feed reader's export of thousands of feeds is well under 1 MB
MAX_OPML_FEEDS = 5000
# Checked before parsing: the parser copies a feed's folder path into each feed, so depth times width
# is memory (5 MB of nested outlines would be gigabytes). Feed readers nest folders one or two deep.
MAX_OPML_DEPTH = 20
MAX_OPML_OUTLINES = 20_000
MAX_TITLE_CHARS = 200
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
# Characters XML 1.0 cannot hold, and control characters a terminal would obey.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Outline:
    """One feed outline as the file gives it; `categories` are its folders, as 'Tech/News'."""

    title: str
    url: str
    categories: tuple[str, ...] = ()


@dataclass
class ImportReport:
    file_title: str = ""
    added: list[Outline] = field(default_factory=list)
    already: list[Outline] = field(default_factory=list)
    refused: list[tuple[Outline, str]] = field(default_factory=list)  # (outline, why)


def clean_text(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """One line of printable text: what a file says is shown to people and written back into XML."""
    flat = " ".join(_NOT_XML.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def read_opml(content: bytes, name: str = "the file") -> tuple[str, list[Outline], list[tuple[Outline, str]]]:
    """(the file's title, its feed outlines, outlines refused as they stand); refuses the whole file
    with one line when it is too big, declares entities, is not OPML or lists too many feeds."""
    if len(content) > MAX_OPML_BYTES:
        raise InvalidInput(f"{name} is {len(content):,} bytes, more than {MAX_OPML_BYTES:,}: split it")
    if _ENTITY.search(content):
        raise InvalidInput(f"{name} declares XML entities (<!ENTITY>): refused, OPML needs none")
    _check_shape(content, name)
    parsed = listparser.parse(content)
    if not str(parsed.get("version", "")).startswith("opml"):
        raise InvalidInput(f"{name} is not an OPML file (no <opml> element): export your feeds as OPML")
    found = parsed.get("feeds", [])
    if len(found) > MAX_OPML_FEEDS:
        raise InvalidInput(f"{name} lists {len(found):,} feeds, more than {MAX_OPML_FEEDS:,}: split it")
    outlines = [
        Outline(
            title=clean_text(str(item.get("title", ""))),
            url=str(item.get("url", "")).strip(),
            categories=tuple("/".join(c) for c in item.get("categories", []) if c),
        )
        for item in found
    ]
    # Outlines that point at another subscription list (type="include"/"link") are not feeds.
    elsewhere = [
        (
            Outline(clean_text(str(item.get("title", ""))), str(item.get("url", "")).strip()),
            "links to another list",
        )
        for item in parsed.get("lists", [])
    ]
    return clean_text(str(parsed.get("meta", {}).get("title", ""))), outlines, elsewhere


class _TooBig(Exception):
    pass


class _Shape:
    """A parser target counting outlines and their nesting as listparser will see them (it parses with
    the same lxml HTML parser and a target), stopping at the first outline over a cap."""

    def __init__(self) -> None:
        self.depth = self.deepest = self.count = 0

    def start(self, tag: str, attrib: object) -> None:
        if tag.lower() == "outline":
            self.count += 1
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)
            if self.count > MAX_OPML_OUTLINES or self.depth > MAX_OPML_DEPTH:
                raise _TooBig

    def end(self, tag: str) -> None:
        if tag.lower() == "outline":
            self.depth -= 1

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        pass


def _check_shape(content: bytes, name: str) -> None:
    shape = _Shape()
    with contextlib.suppress(_TooBig):  # raised by the target: the parse stops there
        etree.parse(io.BytesIO(content), etree.HTMLParser(target=shape, recover=True, no_network=True))
    if shape.count > MAX_OPML_OUTLINES:
        raise InvalidInput(f"{name} has more than {MAX_OPML_OUTLINES:,} outlines: split it")
    if shape.deepest > MAX_OPML_DEPTH:
        raise InvalidInput(f"{name} nests outlines more than {MAX_OPML_DEPTH} deep: flatten its folders")


def url_problem(url: str) -> str:
    """Why this outline's URL cannot be a feed's ("" when it can be polled): the file's own rules
    (an xmlUrl, no spaces in it), then the one rule every fetched URL follows."""
    if not url:
        return "no xmlUrl"
    if _NOT_XML.search(url) or any(c.isspace() for c in url):
        return "URL with spaces or control characters"
    return fetchable(url)


def import_opml(
    store: Store, slug: str, content: bytes, *, name: str = "", dry_run: bool = False
) -> ImportReport:
    """Add the file's feeds to the list; see the module docstring for what is checked and skipped."""
    store.lists.get(slug)
    file_title, outlines, refused = read_opml(content, name or "the file")
    report = ImportReport(file_title=file_title, refused=list(refused))
    # What the list already reads, in two round trips rather than a few per outline.
    attached = set(store.feeds.ids_for_list(slug))
    known = dict(
        zip((o.url for o in outlines), store.feeds.ids_for_urls([o.url for o in outlines]), strict=True)
    )
    seen: set[str] = set()
    for outline in outlines:
        problem = url_problem(outline.url)
        if problem:
            report.refused.append((outline, problem))
        elif outline.url in seen:
            report.refused.append((outline, "the same feed twice in the file"))
        elif known.get(outline.url) in attached:
            report.already.append(outline)
        else:
            report.added.append(outline)
            if not dry_run:
                feed = store.feeds.add(outline.url, title=outline.title)
                store.feeds.attach(slug, feed.id)
        seen.add(outline.url)
    return report


def export_opml(store: Store, slug: str | None, now: datetime) -> bytes:
    """OPML 2.0 of one list's feeds, or of every list's (an outline per list holding its feeds), in
    the shape feed readers import: outline type="rss" with text, title and xmlUrl."""
    slugs = [store.lists.get(slug).slug] if slug else sorted(store.lists.slugs())
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = (
        f"newsletter-digest feeds: {slug}" if slug else "newsletter-digest feeds"
    )
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ET.SubElement(root, "body")
    for each in slugs:
        parent = body
        if slug is None:
            name = clean_text(store.lists.get(each).name or each)
            parent = ET.SubElement(body, "outline", text=name, title=name)
        found = store.feeds.get_many(store.feeds.ids_for_list(each))
        for feed in sorted(found, key=lambda f: ((f.title or f.url).casefold(), f.url)):
            title = clean_text(feed.title) or feed.url
            ET.SubElement(parent, "outline", type="rss", text=title, title=title, xmlUrl=feed.url)
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + written + b"\n"
