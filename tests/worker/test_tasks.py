"""Real Celery workers (a subprocess, as in production) against real Redis: an issue queued from the
CLI lands in the outbox, once per active subscriber. Run again with the data on a Redis Cluster, the
queue staying on the plain Redis (kombu has no cluster transport)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digest.runtime import Runtime
from tests.support.cli import succeeds as invoke
from tests.support.processes import send_the_sample_through_workers, start_worker, stop

pytestmark = [pytest.mark.slow, pytest.mark.also_on_cluster]


@pytest.fixture
def worker(env: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(tmp_path, "worker")
    yield process
    stop(process)


def test_a_send_queued_on_the_workers_lands_in_the_outbox(
    worker: subprocess.Popen[bytes], sample_feed_url: str, tmp_path: Path
) -> None:
    # The worker's chunk task, not this process, wrote them.
    assert "digest.send_chunk" in send_the_sample_through_workers(sample_feed_url, tmp_path)


def test_a_running_worker_reports_its_heartbeat(worker: subprocess.Popen[bytes], runtime: Runtime) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and runtime.store.health.freshest() is None:
        time.sleep(0.2)
    assert runtime.store.health.freshest() is not None


def test_poll_all_fans_out_to_the_workers_which_collect_every_feed(
    worker: subprocess.Popen[bytes], sample_feed_url: str, tmp_path: Path
) -> None:
    from digest.config import load_settings
    from worker.app import app, configure

    invoke("lists", "create", "morning", "--name", "Morning Brief", "--from", "Brief <brief@example.com>")
    feed_id = json.loads(invoke("feeds", "add", "morning", sample_feed_url, "--json"))["id"]
    store = Runtime.from_env().store
    configure(app, load_settings()).send_task("digest.poll_all")  # on this test's key prefix
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and store.feeds.article_count(feed_id) < 4:
        time.sleep(0.2)
    assert store.feeds.article_count(feed_id) == 4
    while time.monotonic() < deadline and store.feeds.pending_pages(feed_id):
        time.sleep(0.2)
    assert all(
        a.highlights for a in store.articles.get_many(store.feeds.article_ids_between(feed_id, None, _far()))
    )
    assert "digest.poll_batch" in (tmp_path / "worker.log").read_text()


def _far() -> datetime:
    return datetime(2100, 1, 1, tzinfo=UTC)
