"""RSS/Atom bytes -> feed entries, with a stable identity per entry so each is collected once."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser

from digest.errors import FeedError
from digest.models import FeedEntry

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str
    entries: list[FeedEntry]
    warning: str = ""


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


def _published(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def parse_feed(content: bytes, url: str, content_type: str = "") -> ParsedFeed:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers)
    version = parsed.get("version", "")
    if not version and not parsed.entries:
        looks_html = b"<html" in content[:2048].lower()
        kind = "an HTML page" if looks_html else "not RSS or Atom"
        raise FeedError(f"{url} is not a feed ({kind}): give the URL of its RSS or Atom feed")
    entries = []
    for raw in parsed.entries:
        link = raw.get("link", "")
        guid = raw.get("id", "") or raw.get("guid", "")
        if not link and not guid:
            continue  # nothing to identify or link to
        identity = guid.strip() if guid else normalise_url(link)
        entries.append(
            FeedEntry(
                identity=identity,
                url=link or guid,
                title=(raw.get("title") or "").strip(),
                published_at=_published(raw),
                summary=raw.get("summary", "") or "",
                author=raw.get("author", "") or "",
            )
        )
    warning = ""
    problem = parsed.get("bozo_exception")
    # A missing or wrong content type, or a charset that had to be overridden, is how most real feeds
    # are served: feedparser copes, and such feeds are not worth a warning.
    benign = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
    if parsed.get("bozo") and not isinstance(problem, benign):
        warning = f"{url}: feed is not well-formed ({problem}); read what could be read"
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=feed.get("title", "") or "", link=feed.get("link", "") or "", entries=entries, warning=warning
    )
