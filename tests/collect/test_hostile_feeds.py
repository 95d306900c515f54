"""Collecting feeds that fight back, against real Redis and a real server: whatever a feed holds, its
failure is recorded as that feed's failure, a bad entry is skipped and said, and one poll of one feed
stores, and sends us to fetch, a bounded number of things."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest.collect.collector import FeedCaps, collect_feed
from digest.collect.feeds import ParsedFeed
from digest.collect.fetch import Fetcher
from digest.collect.poller import Poller, PollOptions
from digest.config import load_settings
from digest.models import FeedStatus
from digest.store import Store
from tests.support.feedgen import Item, rss
from tests.support.feedserver import Reply, Server, redirect

NOW = datetime(2025, 11, 10, 8, 0, tzinfo=UTC)
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def _flood(server: Server, count: int) -> str:
    """A feed of `count` new items, each linking to a page of its own on the same host."""
    items = [Item(title=f"Story {n}", link=f"http://flood.test/a/{n}") for n in range(count)]
    server.routes["/feed"] = Reply(200, rss(*items), RSS)
    return "http://flood.test/feed"


def _page_fetches(server: Server) -> int:
    return sum(hits for path, hits in server.hits.items() if path.startswith("/a/"))


def test_entries_with_broken_links_are_skipped_and_recorded_never_failing_the_feed(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    items = [
        Item(title="Good", link="http://news.test/a/1"),
        Item(title="Port", link="http://h:99999/p"),
        Item(title="Bracket", link="http://[oops/x"),
        Item(title="Label", link=f"http://{'a' * 300}.example/p"),
    ]
    server.routes["/feed"] = Reply(200, rss(*items), RSS)
    feed_id = store.feeds.add("http://news.test/feed").id
    report = collect_feed(store, fetcher, feed_id, NOW)
    assert not report.error
    assert [a.title for a in store.articles.get_many(report.new_articles)] == ["Good"]
    assert sum("skipped" in w for w in report.warnings) == 3
    feed = store.feeds.get(feed_id)
    assert feed.status is FeedStatus.OK and feed.error_count == 0
    assert "3 entries skipped" in feed.warning and "Port" in feed.warning


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (redirect("http://[oops/x"), "not a valid URL"),
        (redirect("http://h:99999/p"), "port"),
        (redirect(f"http://{'a' * 300}.example/p"), "host name"),
        (Reply(503, headers={"Retry-After": "²"}), "HTTP 503"),
    ],
)
def test_what_a_feeds_server_answers_is_recorded_as_that_feeds_failure(
    store: Store, server: Server, fetcher: Fetcher, reply: Reply, reason: str
) -> None:
    server.routes["/feed"] = reply
    feed_id = store.feeds.add("http://hostile.test/feed").id
    report = collect_feed(store, fetcher, feed_id, NOW)
    assert reason in report.error
    feed = store.feeds.get(feed_id)
    assert feed.error_count == 1 and reason in feed.last_error
    assert feed.next_poll_at == NOW + timedelta(minutes=5)  # the usual backoff, not a crash each poll


def test_any_other_exception_from_a_feed_is_that_feeds_failure(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    def nested_too_deep(content: bytes, url: str, content_type: str) -> ParsedFeed:
        raise RecursionError("maximum recursion depth exceeded")  # what a deep document does to a parser

    server.routes["/feed"] = Reply(200, rss(Item(title="A", link="http://deep.test/a")), RSS)
    feed_id = store.feeds.add("http://deep.test/feed").id
    report = collect_feed(store, fetcher, feed_id, NOW, parser=nested_too_deep)
    assert "RecursionError" in report.error
    assert store.feeds.get(feed_id).error_count == 1


def test_a_flood_of_new_entries_stores_the_cap_and_fetches_the_page_cap_with_a_warning(
    store: Store, server: Server, fetcher: Fetcher
) -> None:
    feed_id = store.feeds.add(_flood(server, 5000)).id
    caps = FeedCaps()  # the defaults: DIGEST_FEED_MAX_NEW and DIGEST_FEED_MAX_PAGES unset
    report = collect_feed(store, fetcher, feed_id, NOW)
    assert len(report.new_articles) == caps.max_new == store.feeds.article_count(feed_id)
    assert _page_fetches(server) == caps.max_pages
    warning = store.feeds.get(feed_id).warning
    assert f"kept the first {caps.max_new}" in warning and "DIGEST_FEED_MAX_NEW" in warning
    # The entries over the cap are not news at the next poll either: they were seen, and skipped.
    again = collect_feed(store, fetcher, feed_id, NOW + timedelta(hours=1))
    assert again.new_articles == [] and store.feeds.article_count(feed_id) == caps.max_new
    assert _page_fetches(server) == 2 * caps.max_pages  # the queued pages, at the same pace


def test_the_caps_come_from_the_settings(store: Store, server: Server, fetcher: Fetcher) -> None:
    feed_id = store.feeds.add(_flood(server, 300)).id
    settings = load_settings({"DIGEST_FEED_MAX_NEW": "20", "DIGEST_FEED_MAX_PAGES": "5"})
    with Poller(store, fetcher, PollOptions.from_settings(settings)) as poller:
        (report,) = poller.poll([feed_id], lambda: NOW).reports
    assert len(report.new_articles) == 20 and _page_fetches(server) == 5
    assert store.feeds.get(feed_id).warning


def test_a_poll_within_the_caps_clears_the_warning(store: Store, server: Server, fetcher: Fetcher) -> None:
    feed_id = store.feeds.add(_flood(server, 300)).id
    collect_feed(store, fetcher, feed_id, NOW, read_pages=False)
    assert store.feeds.get(feed_id).warning
    server.routes["/feed"] = Reply(200, rss(Item(title="Calm", link="http://flood.test/calm")), RSS)
    collect_feed(store, fetcher, feed_id, NOW + timedelta(hours=1), read_pages=False)
    assert store.feeds.get(feed_id).warning == ""
