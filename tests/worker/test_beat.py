"""Real beat (RedBeat) and a real worker against real Redis: a schedule set through the CLI fires and
its issue lands in the outbox, with no restart and no minute-long sleep (beat looks every second here,
and the slot is made due by moving the schedule's last slot back)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from digest.runtime import Runtime, utcnow
from tests.support.cli import succeeds as invoke
from tests.support.processes import start_beat, start_worker, stop

pytestmark = pytest.mark.slow


@pytest.fixture
def processes(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DIGEST_SCHEDULE_TICK", "1")
    running = [start_worker(tmp_path, "worker", concurrency=1), start_beat(tmp_path)]
    yield
    for process in running:
        stop(process)


def test_a_schedule_set_through_the_cli_fires_once_and_delivers(
    processes: None, runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    invoke("lists", "create", "morning", "--name", "Morning Brief", "--from", "brief@example.com")
    invoke("subscribers", "add", "morning", "ada@example.com")
    invoke("feeds", "add", "morning", sample_feed_url)
    invoke("schedule", "set", "morning", "* * * * *")
    # Make the last minute's slot due now rather than waiting for the next minute.
    runtime.store.schedules.set_last_slot("morning", "default", utcnow() - timedelta(minutes=2))
    deadline = time.monotonic() + 60
    outbox = tmp_path / "outbox"
    while time.monotonic() < deadline and not list(outbox.glob("morning-1--*.eml")):
        time.sleep(0.5)
    assert len(list(outbox.glob("*.eml"))) == 1, (tmp_path / "beat.log").read_text()[-2000:]
    # Beat keeps ticking every second; the slot is built once and later ticks find nothing due.
    time.sleep(3)
    issues = json.loads(invoke("issue", "list", "morning", "--json"))
    assert [i["id"] for i in issues] == ["morning-1"]
    assert "digest.tick" in (tmp_path / "beat.log").read_text()
