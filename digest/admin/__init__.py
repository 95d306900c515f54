"""Admin use cases behind the CLI: lists, subscribers, feeds. Validation lives here, not in the CLI.

One module per concern (lists, subscribers, CSV import and export, privacy, suppression); the names
the CLI, the demo and the tests have always used stay importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.admin.lists import create_list
from digest.admin.subscribers import add_subscriber
from digest.feeds import parse_feed
from digest.fetch import Fetcher
from digest.models import Feed
from digest.store import Store

__all__ = ["FeedCheck", "add_feed", "add_subscriber", "create_list"]


@dataclass(frozen=True)
class FeedCheck:
    feed: Feed
    title: str
    entries: int


def add_feed(store: Store, fetcher: Fetcher, slug: str, url: str, *, name: str = "") -> FeedCheck:
    """Fetch the URL once, so a typo or a web page is refused now rather than failing every poll."""
    store.lists.get(slug)
    result = fetcher.get(url)
    parsed = parse_feed(result.content, result.url, result.headers.get("content-type", ""))
    feed = store.feeds.add(url, title=name or parsed.title)
    store.feeds.attach(slug, feed.id)
    return FeedCheck(feed=feed, title=parsed.title, entries=len(parsed.entries))
