"""A task that finds its data store out of reach says so in one line of the worker's log, the line
the CLI would print, instead of a traceback per task (beat queues a poll every minute: an outage would
bury the log). The queue stays on the plain Redis; the data is put on a cluster address nobody serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import load_settings
from tests.support.processes import start_worker, stop, wait_until
from tests.support.servers import free_port
from worker.app import app, configure

pytestmark = pytest.mark.slow


def test_a_task_that_cannot_reach_its_data_logs_one_line_and_no_traceback(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_REDIS_CLUSTER_URL", f"redis://127.0.0.1:{free_port()}/0")
    log = tmp_path / "worker.log"
    worker = start_worker(tmp_path, "worker")
    try:
        configure(app, load_settings()).send_task("digest.poll_all")  # on this test's key prefix
        wait_until(
            lambda: "digest.poll_all" in log.read_text() and "raised" in log.read_text(), 60, "the task"
        )
    finally:
        stop(worker)

    text = log.read_text()
    (line,) = [entry for entry in text.splitlines() if "digest.poll_all" in entry and "raised" in entry]
    assert "cannot reach" in line and "DIGEST_REDIS_CLUSTER_URL" in line
    assert "Traceback" not in text
