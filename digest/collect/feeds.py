"""RSS/Atom bytes -> feed entries, with a stable identity per entry so each is collected once.

Also: finding the feed a web page announces (`<link rel="alternate">`), for `digest feeds add`.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import nh3

from digest.collect.feedrules import feed_image, utc_datetime
from digest.collect.feedxml import RawFeed, RawItem, read_well_formed
from digest.collect.mediatext import media_alts, with_alt
from digest.collect.urls import SCHEMES, url_problem
from digest.errors import FeedError
from digest.highlights.charset import decode_page
from digest.models import FeedEntry

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
# Entries read from one feed document: beyond these a feed is a flood, not news. Reading them costs
# (a 100 000-item feed took seconds per thousand of them), and each read entry is remembered as seen,
# so this bounds both what one poll costs and what it adds to Redis.
MAX_ENTRIES = 1000
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str
    entries: list[FeedEntry]
    warning: str = ""
    skipped: list[str] = field(default_factory=list)  # one line per entry left out, and why
    listed: int = 0  # items in the document, of which the first MAX_ENTRIES are read


def normalise_url(url: str) -> str:
    """One spelling per page: lower-case scheme and host, no fragment, no tracking parameters,
    no default port, no trailing slash on the path (except the root)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith(_TRACKING_PARAMS)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def article_id_for(url: str) -> str:
    """Articles are identified by their normalised link, so the same story in two feeds is one article."""
    return hashlib.sha256(normalise_url(url).encode()).hexdigest()[:20]


def plain_title(raw: str) -> str:
    """A title as plain text: feeds put markup (even scripts) in titles; emails escape what is left."""
    stripped = nh3.clean(raw, tags=set())  # drops tags, and script/style with their content
    return " ".join(html.unescape(stripped).split())


def _published(entry: Any) -> datetime | None:
    # dict.get: FeedParserDict would answer a missing updated_parsed with published_parsed, and warn.
    return utc_datetime(entry.get("published_parsed") or dict.get(entry, "updated_parsed"))


def parse_feed(content: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Entries of a feed in any shape: well-formed RSS 2.0 and Atom 1.0 in UTF-8 (nearly every feed)
    through the fast reader, anything else through feedparser, which reads what can be read."""
    raw = read_well_formed(content, url, content_type) or read_with_feedparser(content, url, content_type)
    entries, skipped = _entries(raw.items[:MAX_ENTRIES])
    return ParsedFeed(
        title=plain_title(raw.title),
        link=raw.link,
        entries=entries,
        warning=raw.warning,
        skipped=skipped,
        listed=len(raw.items),
    )


def read_with_feedparser(content: bytes, url: str, content_type: str = "") -> RawFeed:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Links inside summaries are never followed (we keep their text), so resolving them is waste.
    parsed = feedparser.parse(content, response_headers=headers, resolve_relative_uris=False)
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        looks_html = b"<html" in content[:2048].lower()
        kind = "an HTML page" if looks_html else "not RSS or Atom"
        raise FeedError(f"{url} is not a feed ({kind}): give the URL of its RSS or Atom feed")
    alts = media_alts(content, len(parsed.entries), MAX_ENTRIES)
    items = [
        RawItem(
            link=raw.get("link", "") or "",
            guid=raw.get("id", "") or raw.get("guid", "") or "",
            title=raw.get("title") or "",
            published_at=_published(raw),
            summary=raw.get("summary", "") or "",
            author=raw.get("author", "") or "",
            image=with_alt(
                feed_image(
                    raw.get("media_content") or [],
                    raw.get("media_thumbnail") or [],
                    raw.get("enclosures") or [],
                ),
                alts[index] if index < len(alts) else "",
            ),
        )
        for index, raw in enumerate(parsed.entries)
    ]
    warning = ""
    problem = parsed.get("bozo_exception")
    # A missing or wrong content type, or a charset that had to be overridden, is how most real feeds
    # are served: feedparser copes, and such feeds are not worth a warning.
    benign = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
    if parsed.get("bozo") and not isinstance(problem, benign):
        warning = f"{url}: feed is not well-formed ({problem}); read what could be read"
    feed = parsed.get("feed", {})
    return RawFeed(
        title=feed.get("title", "") or "", link=feed.get("link", "") or "", items=items, warning=warning
    )


def _entries(items: list[RawItem]) -> tuple[list[FeedEntry], list[str]]:
    """The feed's entries, and a line for each one left out: a bad entry never fails its feed."""
    entries: list[FeedEntry] = []
    skipped: list[str] = []
    identities: set[str] = set()
    for item in items:
        problem = _link_problem(item)
        if problem:
            title = plain_title(item.title)[:80] or "(untitled)"
            skipped.append(f"entry {title!r} skipped: {problem}")
            continue
        identity = item.guid.strip() if item.guid else normalise_url(item.link)
        if identity in identities:
            continue  # a feed that repeats a GUID means one item: the first (newest) one stands
        identities.add(identity)
        entries.append(
            FeedEntry(
                identity=identity,
                url=item.link or item.guid,
                title=plain_title(item.title),
                published_at=item.published_at,
                summary=item.summary,
                author=plain_title(item.author),
                image=item.image,
            )
        )
    return entries, skipped


def _link_problem(item: RawItem) -> str:
    """Why the entry cannot be kept: nothing to identify it by, or a link that is broken (a link of
    another scheme, or an id that is no link, stays: the feed's summary then gives its highlights)."""
    if not item.link and not item.guid:
        return "no link and no id (or a link that is not a URL)"
    url = item.link or item.guid
    try:
        scheme = urlsplit(url).scheme
        article_id_for(url)
    except ValueError as exc:  # UnicodeError is one too
        return f"its link {url[:200]!r} is not a valid URL ({exc})"
    problem = url_problem(url) if scheme in SCHEMES else ""
    return f"its link {url[:200]!r} cannot be fetched: {problem}" if problem else ""


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (type, href)
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if tag == "link" and "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.links.append((kind, values["href"]))


def discover_feeds(content: bytes, url: str) -> list[str]:
    """The feeds a web page announces with <link rel="alternate" type="application/rss+xml" …>,
    absolute, in page order (RSS and Atom before JSON Feed, which we cannot read)."""
    finder = _AlternateLinks()
    # A broken page still yields the links seen before the break.
    with contextlib.suppress(AssertionError, ValueError):
        finder.feed(decode_page(content[: 512 * 1024]))  # by its BOM or meta: a UTF-16 page too
    base = urljoin(url, finder.base) if finder.base else url
    found = [urljoin(base, href.strip()) for kind, href in finder.links if kind != "application/feed+json"]
    return [link for link in dict.fromkeys(found) if urlsplit(link).scheme in ("http", "https")]
