"""`digest feeds poll`: an operator's poll polls every feed that is not failing (due or not); only a
feed backing off after failures waits (`--force` polls it too); the output is one summary line, and
each feed with `-v`."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from digest.runtime import Runtime
from tests.support.cli import ok, run, succeeds
from tests.support.feedserver import Reply, Server, numbered_feed, serve

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


@pytest.fixture
def server(morning: str) -> Iterator[Server]:
    routes = {f"/feed-{n}.xml": numbered_feed(2, start=10 * n) for n in range(4)}
    with serve(dict(routes)) as running:
        yield running


def test_a_manual_poll_polls_a_healthy_feed_that_is_not_due_yet(server: Server) -> None:
    succeeds("feeds", "add", "morning", f"{server.base}/feed-0.xml")
    assert ok("feeds", "poll", "morning")[0]["new"] == 2
    (feed,) = ok("feeds", "list", "morning")
    assert feed["next_poll_at"] is not None  # the workers would wait DIGEST_POLL_INTERVAL for it
    server.routes["/feed-0.xml"] = numbered_feed(3, start=0)  # one more story since
    hits = server.hits["/feed-0.xml"]
    (again,) = ok("feeds", "poll", "morning")
    assert "skipped" not in again and again["new"] == 1
    assert server.hits["/feed-0.xml"] == hits + 1


def test_only_a_feed_backing_off_after_failures_is_skipped_and_force_polls_it(server: Server) -> None:
    for n in range(2):
        succeeds("feeds", "add", "morning", f"{server.base}/feed-{n}.xml")
    server.routes["/feed-1.xml"] = Reply(500)
    ok("feeds", "poll", "morning")
    by_url = {r["url"]: r for r in ok("feeds", "poll", "morning")}
    assert "skipped" not in by_url[f"{server.base}/feed-0.xml"]
    assert by_url[f"{server.base}/feed-1.xml"]["skipped"].startswith("backing off after 1 failure")
    forced = {r["url"]: r for r in ok("feeds", "poll", "morning", "--force")}
    assert "skipped" not in forced[f"{server.base}/feed-1.xml"]


def test_poll_prints_one_summary_line_and_each_feed_only_with_verbose(server: Server) -> None:
    for n in range(4):
        succeeds("feeds", "add", "morning", f"{server.base}/feed-{n}.xml")
    server.routes["/feed-3.xml"] = Reply(500)
    ok("feeds", "poll", "morning")  # feed-3 fails once and backs off
    server.routes["/feed-2.xml"] = numbered_feed(3, start=20)
    said = succeeds("feeds", "poll", "--all").strip().splitlines()
    assert said == [
        "polled 3 feeds: 1 new article, 2 unchanged; skipped 1 backing off after failures "
        "(--force polls it); -v lists each feed"
    ]
    verbose = succeeds("feeds", "poll", "--all", "-v").strip().splitlines()
    assert len(verbose) == 5 and verbose[-1].startswith("polled 3 feeds: no new articles, 3 unchanged")
    (skip,) = [line for line in verbose if line.startswith("skipped")]
    assert skip.startswith(f"skipped Numbered ({server.base}/feed-3.xml): backing off after 1 failure")


def test_the_workers_poll_still_waits_for_a_feed_to_be_due(server: Server) -> None:
    from digest.collect.poller import Poller, PollOptions
    from digest.runtime import utcnow

    succeeds("feeds", "add", "morning", f"{server.base}/feed-0.xml")
    ok("feeds", "poll", "morning")
    rt = Runtime.from_env()
    ids = rt.store.feeds.ids_for_list("morning")
    with Poller(rt.store, rt.fetcher, PollOptions.from_settings(rt.settings)) as poller:
        summary = poller.poll(ids, utcnow)
    assert summary.reports == [] and [f.id for f in summary.skipped] == ids
    assert json.loads(run("feeds", "poll", "morning", "--json", code=0).stdout)[0]["new"] == 0
