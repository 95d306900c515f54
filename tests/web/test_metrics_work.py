"""The workers' figures in GET /metrics: feed polls by outcome, pages fetched, provider errors by status,
and the poll and send-chunk duration histograms, after a real poll of a local feed server and a real
send through the SendGrid stand-in, read back with Prometheus' own parser."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import httpx
import pytest
from flask.testing import FlaskClient

from digest.collect.fetch import Fetcher, FetchLimits
from digest.collect.poller import Poller, PollOptions
from digest.config import load_settings
from digest.models import FeedStatus
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.feedserver import Reply, Server, serve
from tests.support.issues import address, make_issue, send_inline
from tests.support.scrape import Samples, moved, sample, scrape
from tests.support.sendgrid_standin import StandIn

TOKEN = "operators-token-0123456789abcdef"
PAGE = (
    b"<html><head><title>A story</title></head><body><p>"
    + b"Words worth reading. " * 40
    + b"</p></body></html>"
)


def rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/page/{n}</link><guid>{base}/page/{n}</guid>"
        f"<description>Summary of story {n}.</description></item>"
        for n in ("good", "missing")
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    )


@pytest.fixture
def runtime(sendgrid_env: StandIn, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    monkeypatch.setenv("DIGEST_ADMIN_TOKEN", TOKEN)
    return Runtime(load_settings())


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    with create_app(runtime).test_client() as test_client:
        yield test_client


@pytest.fixture
def server() -> Iterator[Server]:
    with serve({}) as running:
        body = rss(running.base)
        running.routes["/feed/good"] = lambda headers: (
            Reply(304) if headers.get("if-none-match") == '"v1"' else Reply(200, body, {"ETag": '"v1"'})
        )
        running.routes["/feed/broken"] = Reply(500, b"down")
        running.routes["/page/good"] = Reply(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        running.routes["/page/missing"] = Reply(404, b"gone")
        yield running


def poll_histogram(samples: Samples) -> tuple[float, float]:
    """(observations, of which in the +Inf bucket) of the poll-duration histogram."""
    return (
        sample(samples, "digest_poll_duration_seconds_count"),
        sample(samples, "digest_poll_duration_seconds_bucket", le="+Inf"),
    )


def test_a_poll_round_counts_each_feed_by_outcome_its_pages_and_each_polls_duration(
    client: FlaskClient, runtime: Runtime, server: Server
) -> None:
    store = runtime.store
    good = store.feeds.add(f"{server.base}/feed/good").id
    broken = store.feeds.add(f"{server.base}/feed/broken").id
    off = store.feeds.add(f"{server.base}/feed/off").id
    store.feeds.record_failure(off, now=utcnow(), error="410", status=FeedStatus.DISABLED)
    fetcher = Fetcher(httpx.Client(timeout=5), FetchLimits(allow_private=True))
    before = scrape(client, TOKEN)

    Poller(store, fetcher, PollOptions()).poll([good, broken, off], utcnow)
    first = scrape(client, TOKEN)
    polls = {
        o: moved(before, first, "digest_feed_polls_total", outcome=o)
        for o in ("ok", "not_modified", "failed", "skipped")
    }
    assert polls == {"ok": 1, "not_modified": 0, "failed": 1, "skipped": 1}
    pages = {o: moved(before, first, "digest_pages_fetched_total", outcome=o) for o in ("ok", "failed")}
    assert pages == {"ok": 1, "failed": 1}
    assert poll_histogram(first)[0] - poll_histogram(before)[0] == 2  # the skipped feed took no time
    assert poll_histogram(first)[1] - poll_histogram(before)[1] == 2  # +Inf holds every observation
    assert sample(first, "digest_poll_duration_seconds_sum") > sample(
        before, "digest_poll_duration_seconds_sum"
    )

    # Forced again: the good feed answers 304 to its ETag, the broken one fails again.
    Poller(store, fetcher, PollOptions(force=True)).poll([good, broken, off], utcnow)
    second = scrape(client, TOKEN)
    polls = {
        o: moved(first, second, "digest_feed_polls_total", outcome=o)
        for o in ("ok", "not_modified", "failed", "skipped")
    }
    assert polls == {"ok": 0, "not_modified": 1, "failed": 1, "skipped": 1}
    assert moved(first, second, "digest_pages_fetched_total", outcome="ok") == 0
    assert poll_histogram(second)[0] - poll_histogram(first)[0] == 2


def test_a_send_counts_the_refused_address_by_status_and_the_chunks_duration(
    client: FlaskClient, runtime: Runtime, sendgrid_env: StandIn
) -> None:
    store = runtime.store
    make_issue(store, 5)
    before = scrape(client, TOKEN)
    sendgrid_env.reject[address(3)] = "Does not contain a valid address."
    report = send_inline(store, runtime.transport(), runtime.links, "morning", 1, utcnow)
    after = scrape(client, TOKEN)
    assert report.failed == 1
    assert moved(before, after, "digest_provider_errors_total", transport="sendgrid", status="400") == 1
    assert moved(before, after, "digest_send_chunk_duration_seconds_count") == 1
    assert moved(before, after, "digest_send_chunk_duration_seconds_bucket", le="+Inf") == 1
    # Buckets are cumulative: none holds more than the next one.
    bounds = sorted(
        (float(dict(labels)["le"]), value)
        for (name, labels), value in after.items()
        if name == "digest_send_chunk_duration_seconds_bucket"
    )
    assert all(low[1] <= high[1] for low, high in pairwise(bounds))
