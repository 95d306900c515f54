"""Redis failing during a poll is the store's trouble, not the feeds': the poll stops with the error
the faces explain in one line, and no feed is marked failing or put into backoff for it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from digest.collect.fetch import Fetcher
from digest.collect.poller import Poller, PollOptions
from digest.models import FeedStatus
from digest.runtime import Runtime
from digest.store import Store
from digest.store.articles import ArticleStore
from digest.store.connection import unusable
from tests.support.feedserver import Server, fixture
from tests.support.servers import free_port

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

NOW = datetime(2025, 11, 10, 8, 0, tzinfo=UTC)


def test_articles_out_of_reach_mid_poll_stop_the_poll_and_fail_no_feed(
    runtime: Runtime, store: Store, server: Server, fetcher: Fetcher
) -> None:
    """The feeds are listed and each one fetched, then the Redis the articles live on is gone (a
    cluster node down: the feeds' own slots still answer). Before, every feed of the poll took the
    outage as its own failure and backed off."""
    server.routes["/a"] = fixture("shared-a.xml")
    server.routes["/b"] = fixture("dates.xml")
    ids = [store.feeds.add(url).id for url in ("http://wire-a.test/a", "http://dates.test/b")]
    gone = redis.Redis(port=free_port(), decode_responses=True, retry=Retry(NoBackoff(), 0))
    half_down = dataclasses.replace(store, articles=ArticleStore(gone, store.keys))
    poller = Poller(half_down, fetcher, PollOptions(force=True, read_pages=False, concurrency=1))

    with pytest.raises(redis.ConnectionError) as stopped:
        poller.poll(ids, lambda: NOW)

    for feed in store.feeds.get_many(ids):
        assert feed.error_count == 0 and feed.status is FeedStatus.OK and not feed.last_error
        assert feed.next_poll_at is None  # no backoff
    assert unusable(stopped.value, runtime.settings) is not None  # the faces' one line, not a traceback
