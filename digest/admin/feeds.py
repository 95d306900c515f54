"""Adding and removing a list's feeds: `digest feeds add | remove` call these."""

from __future__ import annotations

from dataclasses import dataclass

from digest.collect.feeds import ParsedFeed, discover_feeds, parse_feed
from digest.collect.fetch import Fetcher
from digest.errors import FeedError, NotFound
from digest.models import Feed, FeedStatus
from digest.store import Store


@dataclass(frozen=True)
class FeedCheck:
    feed: Feed
    title: str
    entries: int
    discovered_from: str = ""  # the web page whose <link rel="alternate"> named the feed
    warning: str = ""
    already: bool = False  # the list already read it: nothing changed


def _fetch_and_parse(fetcher: Fetcher, url: str) -> tuple[str, bytes, ParsedFeed | FeedError]:
    result = fetcher.get(url)
    try:
        return (
            result.permanent_url,
            result.content,
            parse_feed(result.content, result.url, result.headers.get("content-type", "")),
        )
    except FeedError as exc:
        return result.url, result.content, exc


def add_feed(store: Store, fetcher: Fetcher, slug: str, url: str, *, name: str = "") -> FeedCheck:
    """Fetch the URL once, so a typo or a web page is refused now rather than failing every poll.

    A web page that announces its feed (<link rel="alternate" type="application/rss+xml">) is taken
    as that feed: people paste the address of the site, not of its feed.
    """
    store.lists.get(slug)
    url = url.strip()
    known = on_list(store, slug, url)
    if known is not None and known.status is not FeedStatus.DISABLED:
        return FeedCheck(feed=known, title=known.title, entries=0, already=True)
    final_url, content, parsed = _fetch_and_parse(fetcher, url)
    discovered_from = ""
    if isinstance(parsed, FeedError):
        candidates = discover_feeds(content, final_url)
        if not candidates:
            raise parsed
        discovered_from = url
        final_url, _, parsed = _fetch_and_parse(fetcher, candidates[0])
        if isinstance(parsed, FeedError):
            raise FeedError(f"{url} announces the feed {candidates[0]}, but {parsed}")
    # A feed that moved for good is stored under its new address (same as a poll would do).
    feed = store.feeds.add(final_url, title=name or parsed.title)
    if discovered_from:
        store.feeds.add_page(discovered_from, feed.id)
    newly = store.feeds.attach(slug, feed.id)
    store.feeds.enable(feed.id)
    return FeedCheck(
        feed=store.feeds.get(feed.id),
        title=parsed.title,
        entries=len(parsed.entries),
        discovered_from=discovered_from,
        warning=parsed.warning,
        already=not newly and known is None,
    )


def on_list(store: Store, slug: str, url_or_id: str) -> Feed | None:
    """The list's feed of this URL (or of the web page it was added through), if the list reads it."""
    try:
        feed = store.feeds.find(url_or_id)
    except NotFound:
        return None
    return feed if store.feeds.is_attached(slug, feed.id) else None


def remove_feed(store: Store, slug: str, url_or_id: str) -> Feed:
    """Detach the feed from the list; its articles stay in past issues, other lists keep reading it.
    The URL may be the feed's or the web page's it was added through."""
    store.lists.get(slug)
    feed = on_list(store, slug, url_or_id.strip())
    if feed is None or not store.feeds.detach(slug, feed.id):
        raise NotFound(f"list {slug!r} does not read {url_or_id.strip()}: see `digest feeds list {slug}`")
    return feed
