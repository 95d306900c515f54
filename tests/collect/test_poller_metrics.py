"""A poll split over processes is counted once for /metrics, by the poller that split it."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import httpx
import redis

from digest.collect.fetch import Fetcher, FetchLimits
from digest.collect.poller import Poller, PollOptions
from digest.runtime import Runtime
from digest.store import Store, open_store
from tests.support.feedserver import Reply, serve


def parts(redis_url: str, prefix: str) -> tuple[Store, Fetcher]:
    """Module level, so each poll process can build its own store and fetcher."""
    store = open_store(redis.Redis.from_url(redis_url, decode_responses=True), prefix)
    return store, Fetcher(httpx.Client(timeout=5), FetchLimits(allow_private=True))


def test_a_poll_split_over_processes_counts_each_feed_once(
    runtime: Runtime, redis_url: str, prefix: str
) -> None:
    """The shards' own pollers count nothing: the round is counted once, by the poller that split it."""
    store = runtime.store
    with serve({f"/feed/down/{n}": Reply(500) for n in range(4)}) as server:
        ids = [store.feeds.add(f"{server.base}/feed/down/{n}").id for n in range(4)]
        before = store.work.read()
        factory = partial(parts, redis_url, prefix)
        with Poller(*factory(), PollOptions(processes=2, read_pages=False), factory) as poller:
            poller.poll(ids, lambda: datetime.now(UTC))
        after = store.work.read()
    assert after.polls["failed"] - before.polls["failed"] == 4
    assert after.histograms["poll_duration"].count - before.histograms["poll_duration"].count == 4
