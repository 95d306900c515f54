"""RabbitMQ as the broker (CELERY_BROKER_URL=amqp://…): a real send through a real worker, the data
and the schedules staying in Redis."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.config import load_settings
from digest.runtime import celery_config
from tests.support import rabbitmq
from tests.support.cli import succeeds as invoke
from tests.support.processes import start_worker, stop

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
    invoke("lists", "create", "morning", "--name", "Morning Brief", "--from", "Brief <brief@example.com>")
    for person in ("ada@example.com", "grace@example.org", "linus@example.net"):
        invoke("subscribers", "add", "morning", person)
    invoke("feeds", "add", "morning", sample_feed_url)
    invoke("feeds", "poll", "morning")
    summary = json.loads(invoke("issue", "send", "morning", "--wait", "--timeout", "60", "--json"))
    assert summary["status"] == "sent"
    assert summary["counts"] == {"sent": 3, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert len(list((tmp_path / "outbox").glob("morning-1--*.eml"))) == 3
    log = (tmp_path / "worker.log").read_text()
    assert "digest.send_chunk" in log
    assert "amqp://guest:**@127.0.0.1:5672//" in (tmp_path / "worker.out").read_text() + log


def test_each_key_prefix_has_a_queue_of_its_own_on_a_shared_vhost(amqp_env: str) -> None:
    settings = load_settings()
    config = celery_config(settings)
    assert amqp_env == config["task_default_queue"] == f"{settings.key_prefix}.tasks"
    assert config["task_acks_late"] and config["worker_prefetch_multiplier"] == 1
    assert config["broker_transport_options"] == {"confirm_publish": True}
