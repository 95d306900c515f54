"""Many feeds at once against one real server standing for several hosts: the caps hold, feeds that
back off wait their turn, and the process-per-core path collects the same as the threaded one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import httpx
import pytest
import redis

from digest.collect.fetch import Fetcher, FetchLimits
from digest.collect.poller import Poller, PollOptions, interleave_hosts, plan_batches
from digest.config import load_settings
from digest.models import Feed, FeedStatus
from digest.store import Store, open_store
from tests.support.feedserver import Reply, RouteHosts, Server, fixture, serve


def _now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def server() -> Iterator[Server]:
    routes = {f"/feed/{n}": fixture("shared-b.xml") for n in range(8)}
    with serve(dict(routes)) as running:
        yield running


def parts(redis_url: str, prefix: str, port: int) -> tuple[Store, Fetcher]:
    """Module level, so a poll process can build its own from these arguments."""
    store = open_store(redis.Redis.from_url(redis_url, decode_responses=True), prefix)
    client = httpx.Client(transport=RouteHosts(port), timeout=5)
    return store, Fetcher(client, FetchLimits(allow_private=True))


def test_no_host_gets_more_than_its_cap_while_hosts_are_polled_side_by_side(
    bare_store: Store, server: Server, redis_url: str, prefix: str
) -> None:
    for n in range(8):
        server.routes[f"/feed/{n}"] = Reply(200, (server.routes[f"/feed/{n}"]).body, delay=0.3)  # type: ignore[union-attr]
    ids = [bare_store.feeds.add(f"http://{host}.test/feed/{n}").id for host in ("a", "b") for n in range(4)]
    store, fetcher = parts(redis_url, prefix, server.port)
    summary = Poller(store, fetcher, PollOptions(concurrency=8, per_host=2, read_pages=False)).poll(ids, _now)
    assert len(summary.reports) == 8 and not summary.failed
    assert server.peak["a.test"] == 2 and server.peak["b.test"] == 2


def test_disabled_feeds_and_feeds_backing_off_are_skipped_unless_forced(
    bare_store: Store, server: Server, redis_url: str, prefix: str
) -> None:
    now = _now()
    ok, waiting, off = (bare_store.feeds.add(f"http://h{n}.test/feed/{n}").id for n in range(3))
    bare_store.feeds.record_failure(waiting, now=now, error="503", next_poll_at=now + timedelta(hours=1))
    bare_store.feeds.record_failure(off, now=now, error="410", status=FeedStatus.DISABLED)
    store, fetcher = parts(redis_url, prefix, server.port)
    scheduled = Poller(store, fetcher, PollOptions(read_pages=False)).poll([ok, waiting, off], _now)
    assert [r.feed_id for r in scheduled.reports] == [ok]
    assert {f.id for f in scheduled.skipped} == {waiting, off}
    forced = Poller(store, fetcher, PollOptions(read_pages=False, force=True)).poll([ok, waiting, off], _now)
    assert {r.feed_id for r in forced.reports} == {ok, waiting}


def test_polling_in_processes_collects_what_threads_would(
    bare_store: Store, server: Server, redis_url: str, prefix: str
) -> None:
    server.routes["/feed/7"] = Reply(500)
    ids = [bare_store.feeds.add(f"http://h{n % 3}.test/feed/{n}").id for n in range(8)]
    store, fetcher = parts(redis_url, prefix, server.port)
    options = PollOptions(processes=2, read_pages=False)
    done: list[str] = []
    with Poller(store, fetcher, options, partial(parts, redis_url, prefix, server.port)) as poller:
        summary = poller.poll(ids, _now, on_done=lambda r: done.append(r.feed_id))
    assert sorted(done) == sorted(ids)
    assert [r.url for r in summary.failed] == ["http://h1.test/feed/7"]
    # Every feed read the same story: one article, seen by the seven feeds that answered.
    articles = {a for r in summary.reports for a in r.new_articles}
    assert len(articles) == 2 and all(bare_store.feeds.article_count(i) == 2 for i in ids[:7])


def test_batches_keep_each_host_whole_and_threads_alternate_hosts() -> None:
    feeds = [Feed(id=f"{host}{n}", url=f"http://{host}.test/{n}") for host in "abc" for n in range(3)]
    batches = plan_batches(feeds, 4)
    assert sorted(i for b in batches for i in b) == sorted(f.id for f in feeds)
    assert all(len({i[0] for i in batch}) == len(batch) // 3 for batch in batches)
    assert [f.id for f in interleave_hosts(feeds)][:3] == ["a0", "b0", "c0"]


def test_workers_poll_with_the_operators_caps_and_interval_and_a_flag_wins(tmp_path: Path) -> None:
    environ = {"DIGEST_POLL_CONCURRENCY": "9", "DIGEST_POLL_PER_HOST": "5", "DIGEST_POLL_INTERVAL": "600"}
    settings = load_settings(environ, tmp_path / "no.env")
    options = PollOptions.from_settings(settings)
    assert (options.concurrency, options.per_host, options.policy.every) == (9, 5, 600)
    chosen = PollOptions.from_settings(settings, per_host=1, force=True)
    assert (chosen.concurrency, chosen.per_host, chosen.force) == (9, 1, True)
