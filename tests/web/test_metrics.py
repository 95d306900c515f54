"""GET /metrics: Prometheus' text format behind DIGEST_ADMIN_TOKEN, read back with Prometheus' own
parser after a real send (through the SendGrid stand-in) and a signed webhook batch."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from digest.config import load_settings
from digest.runtime import Runtime, utcnow
from digest.web import create_app
from tests.support.cli import succeeds as invoke
from tests.support.issues import address, make_issue, send_inline
from tests.support.processes import start_worker, stop, wait_until
from tests.support.scrape import Samples, sample
from tests.support.scrape import scrape as scrape_with
from tests.support.sendgrid_standin import StandIn
from tests.support.webhooks import post_events

TOKEN = "operators-token-0123456789abcdef"
PEOPLE = 5
REJECTED = 3  # the stand-in refuses this reader's address: one failed delivery


@pytest.fixture
def runtime(
    sendgrid_env: StandIn, key: ec.EllipticCurvePrivateKey, monkeypatch: pytest.MonkeyPatch
) -> Runtime:
    monkeypatch.setenv("DIGEST_ADMIN_TOKEN", TOKEN)
    return Runtime(load_settings())


@pytest.fixture
def client(runtime: Runtime) -> Iterator[FlaskClient]:
    with create_app(runtime).test_client() as test_client:
        yield test_client


def scrape(client: FlaskClient) -> Samples:
    return scrape_with(client, TOKEN)


def event(n: int, kind: str, subscriber_id: str, **extra: object) -> dict[str, object]:
    return {
        "sg_event_id": f"e-{n}",
        "event": kind,
        "email": f"r{subscriber_id}@example.com",
        "timestamp": 1_760_000_000 + n,
        "issue_id": "morning-1",
        "subscriber_id": subscriber_id,
        **extra,
    }


def test_a_send_and_a_webhook_batch_move_the_counters_by_what_happened(
    client: FlaskClient, runtime: Runtime, sendgrid_env: StandIn, key: ec.EllipticCurvePrivateKey
) -> None:
    store = runtime.store
    make_issue(store, PEOPLE)
    before = scrape(client)
    assert sample(before, "digest_subscribers", list="morning", status="active") == PEOPLE
    assert sample(before, "digest_deliveries_total", list="morning", outcome="sent") == 0

    sendgrid_env.reject[address(REJECTED)] = "Does not contain a valid address."
    send_inline(store, runtime.transport(), runtime.links, "morning", 1, utcnow)
    batch = [
        event(1, "delivered", "1"),
        event(2, "delivered", "2"),
        event(3, "open", "1"),
        event(4, "click", "1", url="https://news.example.com/a"),
        event(5, "click", "2", url="https://news.example.com/b"),
        event(6, "bounce", "5", type="bounce", reason="550 no such user"),
    ]
    assert post_events(client, key, batch).status_code == 200
    assert post_events(client, key, batch[:2]).status_code == 200  # SendGrid's retry: counted once

    after = scrape(client)
    moved = {
        outcome: sample(after, "digest_deliveries_total", list="morning", outcome=outcome)
        - sample(before, "digest_deliveries_total", list="morning", outcome=outcome)
        for outcome in ("sent", "failed", "skipped", "unconfirmed")
    }
    assert moved == {"sent": PEOPLE - 1, "failed": 1, "skipped": 0, "unconfirmed": 0}
    by_type = {
        kind: sample(after, "digest_webhook_events_total", list="morning", type=kind)
        for kind in ("delivered", "open", "click", "bounce", "spamreport")
    }
    assert by_type == {"delivered": 2, "open": 1, "click": 2, "bounce": 1, "spamreport": 0}
    # The hard bounce took reader 5 off the list: the gauge reads the list as it is now.
    assert sample(after, "digest_subscribers", list="morning", status="active") == PEOPLE - 1
    assert sample(after, "digest_subscribers", list="morning", status="bounced") == 1


def test_labels_name_a_list_and_a_fixed_value_never_a_person_or_a_link(
    client: FlaskClient, runtime: Runtime, key: ec.EllipticCurvePrivateKey
) -> None:
    make_issue(runtime.store, 2)
    post_events(client, key, [event(1, "click", "1", url="https://news.example.com/a?who=r1")])
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert "example.com" not in text
    label_names = {
        name
        for family in text_string_to_metric_families(text)
        for sample_ in family.samples
        for name in sample_.labels
    }
    assert label_names <= {"list", "status", "outcome", "type", "transport", "le"}


def test_the_gauges_read_the_heartbeat_the_queue_and_the_most_overdue_feed(
    client: FlaskClient, runtime: Runtime
) -> None:
    store = runtime.store
    now = utcnow()
    store.health.beat("worker-a", now - timedelta(seconds=42))
    feed = store.feeds.add("https://feeds.example.com/late.xml")
    store.feeds.record_success(
        feed.id, now=now, title="", etag="", last_modified="", next_poll_at=now - timedelta(seconds=300)
    )
    store.redis.rpush(store.keys.celery_queue(), "task-1", "task-2")
    samples = scrape(client)
    assert 42 <= sample(samples, "digest_worker_heartbeat_age_seconds") < 60
    assert 300 <= sample(samples, "digest_oldest_due_feed_lag_seconds") < 320
    assert sample(samples, "digest_queue_depth") == 2


def test_no_figures_without_the_token(client: FlaskClient, runtime: Runtime) -> None:
    make_issue(runtime.store, 2)
    for headers in (
        {},
        {"Authorization": "Bearer wrong-token-of-some-length"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ):
        answer = client.get("/metrics", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        assert "digest_" not in answer.get_data(as_text=True)
        assert "morning" not in answer.get_data(as_text=True)


def test_metrics_do_not_exist_while_no_token_is_set(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DIGEST_ADMIN_TOKEN", raising=False)
    runtime = Runtime(load_settings())
    make_issue(runtime.store, 2)
    with create_app(runtime).test_client() as client:
        for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": f"Bearer {TOKEN}"}):
            answer = client.get("/metrics", headers=headers)
            assert answer.status_code == 404
            assert "digest_" not in answer.get_data(as_text=True)


@pytest.mark.slow
def test_a_send_by_real_workers_shows_in_the_web_apps_metrics(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, sample_feed_url: str, tmp_path: Path
) -> None:
    """The workers' counts reach /metrics of another process through Redis: no shared registry."""
    monkeypatch.setenv("DIGEST_ADMIN_TOKEN", TOKEN)
    invoke("lists", "create", "morning", "--name", "Morning Brief", "--from", "Brief <brief@example.com>")
    readers = ("ada@example.com", "grace@example.org", "linus@example.net")
    for reader in readers:
        invoke("subscribers", "add", "morning", reader)
    invoke("feeds", "add", "morning", sample_feed_url)
    invoke("feeds", "poll", "morning")
    runtime = Runtime(load_settings())
    with create_app(runtime).test_client() as client:
        before = scrape(client)
        worker = start_worker(tmp_path, "worker")
        try:
            summary = json.loads(invoke("issue", "send", "morning", "--wait", "--timeout", "60", "--json"))
            assert summary["status"] == "sent"
            wait_until(lambda: runtime.store.health.freshest() is not None, 15, "the worker's heartbeat")
            after = scrape(client)
        finally:
            stop(worker)
    assert "digest.send_chunk" in (tmp_path / "worker.log").read_text()
    labels = {"list": "morning", "outcome": "sent"}
    moved = sample(after, "digest_deliveries_total", **labels) - sample(
        before, "digest_deliveries_total", **labels
    )
    assert moved == len(readers)
    assert sample(after, "digest_queue_depth") == 0
    assert 0 <= sample(after, "digest_worker_heartbeat_age_seconds") < 15
    assert ("digest_worker_heartbeat_age_seconds", frozenset()) not in before
