"""`digest feeds add | list | remove | poll` through click's runner, against real Redis and a real server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.support.cli import fails, run
from tests.support.feedgen import Item, rss
from tests.support.feedserver import Reply, Server, fixture, serve

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


@pytest.fixture
def server(morning: str) -> Iterator[Server]:
    routes = {
        "/": fixture("announces-feed.html", "text/html"),
        "/relative-links.xml": fixture("relative-links.xml"),
        "/plain.html": fixture("not-a-feed.html", "text/html"),
        "/shared-a.xml": fixture("shared-a.xml"),
        "/broken.xml": Reply(500),
    }
    with serve(routes) as running:
        yield running


def test_add_takes_a_site_address_to_the_feed_it_announces(server: Server) -> None:
    done = run("feeds", "add", "morning", f"{server.base}/", "--json")
    assert done.exit_code == 0, done.output
    added = json.loads(done.output)
    assert added["url"] == f"{server.base}/relative-links.xml"
    assert added["discovered_from"] == f"{server.base}/" and added["entries"] == 2
    assert run("feeds", "remove", "morning", f"{server.base}/").exit_code == 0
    assert "announces the feed" in run("feeds", "add", "morning", f"{server.base}/").output


def test_add_refuses_a_page_without_a_feed_in_one_line(server: Server) -> None:
    done = run("feeds", "add", "morning", f"{server.base}/plain.html")
    assert done.exit_code == 1
    assert done.output.strip() == (
        f"Error: {server.base}/plain.html is not a feed (an HTML page): give the URL of its RSS or Atom feed"
    )


def test_list_shows_a_failing_feed_with_its_reason_and_remove_detaches_it(server: Server) -> None:
    assert run("feeds", "add", "morning", f"{server.base}/shared-a.xml").exit_code == 0
    server.routes["/shared-a.xml"] = Reply(500)
    for _ in range(3):
        run("feeds", "poll", "morning", "--force")
    (feed,) = json.loads(run("feeds", "list", "morning", "--json").output)
    assert feed["status"] == "failing" and feed["error_count"] == 3
    assert feed["status_line"] == f"failing: {server.base}/shared-a.xml: HTTP 500"
    assert "failing" in run("feeds", "list", "morning").output
    # Not forced, the feed is backing off: the poll skips it and says until when.
    skipped = json.loads(run("feeds", "poll", "morning", "--json").output)
    assert "backing off after 3 failures until" in skipped[0]["skipped"]
    removed = run("feeds", "remove", "morning", f"{server.base}/shared-a.xml")
    assert removed.exit_code == 0 and "removed" in removed.output
    assert json.loads(run("feeds", "list", "morning", "--json").output) == []
    again = run("feeds", "remove", "morning", feed["id"])
    assert again.exit_code == 1 and "does not read" in again.output


def test_poll_all_reports_each_feed_and_goes_on_past_a_broken_one(server: Server) -> None:
    run("feeds", "add", "morning", f"{server.base}/shared-a.xml")
    run("feeds", "add", "morning", f"{server.base}/relative-links.xml")
    server.routes["/shared-a.xml"] = Reply(500)
    done = run("feeds", "poll", "--all", "--json")
    assert done.exit_code == 0, done.output
    by_url = {r["url"]: r for r in json.loads(done.output)}
    assert by_url[f"{server.base}/shared-a.xml"]["error"].endswith("HTTP 500")
    assert by_url[f"{server.base}/relative-links.xml"]["new"] == 2


def test_a_feed_can_be_polled_on_its_own_interval(env: dict[str, str], sample_feed_url: str) -> None:
    from digest.runtime import Runtime, utcnow

    run("lists", "create", "fast", "--name", "Fast", "--from", "f@example.com")
    added = run("feeds", "add", "fast", sample_feed_url, "--every", "5m", "--json")
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["poll_every"] == 300
    run("feeds", "poll", "fast")
    feed = Runtime.from_env().store.feeds.get(json.loads(added.output)["id"])
    assert feed.next_poll_at is not None
    assert 290 <= (feed.next_poll_at - utcnow()).total_seconds() <= 300
    refused = run("feeds", "add", "fast", sample_feed_url, "--every", "10s")
    assert refused.exit_code == 1 and "shorter than 60 s" in refused.output


def test_the_operators_per_host_cap_holds_and_a_flag_overrides_it(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = Reply(200, fixture("shared-a.xml").body, delay=0.2)
    for n in range(4):
        server.routes[f"/slow-{n}.xml"] = slow
        assert run("feeds", "add", "morning", f"{server.base}/slow-{n}.xml").exit_code == 0
    monkeypatch.setenv("DIGEST_POLL_PER_HOST", "1")
    server.peak.clear()
    assert run("feeds", "poll", "morning", "--force").exit_code == 0
    assert max(server.peak.values()) == 1
    server.peak.clear()
    assert run("feeds", "poll", "morning", "--force", "--per-host", "3").exit_code == 0
    assert max(server.peak.values()) == 3
    refused = run("feeds", "poll", "morning", "--per-host", "0")
    assert refused.exit_code == 2 and "--per-host" in refused.output


def test_adding_a_feed_already_on_the_list_says_so_and_changes_nothing(server: Server) -> None:
    assert run("feeds", "add", "morning", f"{server.base}/shared-a.xml").exit_code == 0
    before = server.hits["/shared-a.xml"]
    again = run("feeds", "add", "morning", f"{server.base}/shared-a.xml")
    assert again.exit_code == 0 and again.output.startswith("already on morning:")
    assert "added" not in again.output
    assert server.hits["/shared-a.xml"] == before  # nothing to check: it is already read
    assert json.loads(run("feeds", "add", "morning", f"{server.base}/shared-a.xml", "--json").output)[
        "already"
    ]
    assert len(json.loads(run("feeds", "list", "morning", "--json").output)) == 1


def test_a_feed_added_through_its_site_address_is_known_and_removed_by_that_address(server: Server) -> None:
    assert run("feeds", "add", "morning", f"{server.base}/").exit_code == 0
    again = run("feeds", "add", "morning", f"{server.base}/")
    assert again.exit_code == 0 and again.output.startswith("already on morning:")
    removed = run("feeds", "remove", "morning", f"{server.base}/")
    assert removed.exit_code == 0, removed.output
    assert json.loads(run("feeds", "list", "morning", "--json").output) == []
    gone = run("feeds", "remove", "morning", f"{server.base}/")
    assert gone.exit_code == 1 and "does not read" in gone.output


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[oops", "not a valid URL"),
        ("http://h:99999/p", "port"),
        (f"http://{'a' * 300}.example/feed", "host name"),
    ],
)
def test_add_refuses_a_broken_url_in_one_line(morning: str, url: str, problem: str) -> None:
    line = fails("feeds", "add", "morning", url)
    assert line.startswith(f"Error: {url}") and problem in line


def test_list_shows_what_a_poll_left_out(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    items = [Item(title=f"Story {n} [/nope]", link=f"{server.base}/a/{n}") for n in range(30)]
    items.append(Item(title="Bad port", link="http://h:99999/p"))
    server.routes["/flood.xml"] = Reply(200, rss(*items), {"Content-Type": "application/rss+xml"})
    monkeypatch.setenv("DIGEST_FEED_MAX_NEW", "10")
    monkeypatch.setenv("DIGEST_FEED_MAX_PAGES", "0")
    assert run("feeds", "add", "morning", f"{server.base}/flood.xml").exit_code == 0
    assert run("feeds", "poll", "morning").exit_code == 0
    (feed,) = json.loads(run("feeds", "list", "morning", "--json").output)
    assert feed["status"] == "ok" and feed["articles"] == 10
    assert "kept the first 10 (DIGEST_FEED_MAX_NEW)" in feed["warning"]
    assert "1 entry skipped, e.g. entry 'Bad port' skipped" in feed["warning"]
    shown = " ".join(run("feeds", "list", "morning").output.split())
    assert "kept the first 10" in shown
