"""RabbitMQ as the broker (CELERY_BROKER_URL=amqp://…): a real send through a real worker, the data
and the schedules staying in Redis."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.cli.queue import client
from digest.config import load_settings
from digest.models import IssueStatus
from digest.runtime import Runtime, celery_config
from tests.support import rabbitmq
from tests.support.issues import make_issue
from tests.support.processes import send_the_sample_through_workers, start_worker, stop, wait_until
from tests.support.sendgrid_standin import StandIn

pytestmark = pytest.mark.slow


@pytest.fixture
def amqp_env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    reason = rabbitmq.ensure_running()
    if reason is not None:
        pytest.skip(reason)
    monkeypatch.setenv("CELERY_BROKER_URL", rabbitmq.URL)
    queue = celery_config(load_settings())["task_default_queue"]
    yield queue
    rabbitmq.delete_own(env["DIGEST_KEY_PREFIX"])


@pytest.fixture
def worker(amqp_env: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = start_worker(tmp_path, "worker")
    yield process
    stop(process)


def test_a_send_queued_through_rabbitmq_is_delivered_by_a_worker(
    worker: subprocess.Popen[bytes], sample_feed_url: str, tmp_path: Path
) -> None:
    log = send_the_sample_through_workers(sample_feed_url, tmp_path)
    assert "digest.send_chunk" in log
    assert "amqp://guest:**@127.0.0.1:5672//" in (tmp_path / "worker.out").read_text() + log


def test_a_worker_killed_mid_chunk_hands_it_back_through_rabbitmq_and_nobody_is_mailed_twice(
    sendgrid_env: StandIn, amqp_env: str, tmp_path: Path
) -> None:
    """Late acks: the chunk the dead worker held goes back to the queue when its connection closes (no
    visibility timeout to wait for); its claims make the new worker flag, not resend, its recipients."""
    standin = sendgrid_env
    standin.delay = 0.8  # long enough to kill the worker while its request is in flight
    store = Runtime.from_env().store
    make_issue(store, 2000)
    doomed = start_worker(tmp_path, "doomed", "--without-heartbeat", concurrency=1)
    try:
        client(load_settings()).send_task("digest.send_issue", args=["morning", 1])
        wait_until(lambda: standin.requests >= 1, 30, "the first request to reach SendGrid")
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        stop(doomed)
    fresh = start_worker(tmp_path, "fresh", "--without-heartbeat")
    try:
        done = lambda: store.issues.get("morning", 1).status is IssueStatus.SENT  # noqa: E731
        wait_until(done, 90, "the send to finish on the fresh worker")
    finally:
        stop(fresh)
    counts = store.issues.counts("morning", 1)
    assert standin.duplicates == 0 and len(standin.counts) == 2000
    assert counts["sent"] + counts["unconfirmed"] == 2000  # nobody lost
    assert counts["unconfirmed"] == 1000  # the chunk in flight: flagged for an operator, not resent


def test_each_key_prefix_has_a_queue_of_its_own_on_a_shared_vhost(amqp_env: str) -> None:
    settings = load_settings()
    config = celery_config(settings)
    assert amqp_env == config["task_default_queue"] == f"{settings.key_prefix}.tasks"
    assert config["task_acks_late"] and config["worker_prefetch_multiplier"] == 1
    assert config["broker_transport_options"] == {"confirm_publish": True}
