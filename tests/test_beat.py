"""Real beat (RedBeat) and a real worker against real Redis: a schedule set through the CLI fires and
its issue lands in the outbox, with no restart and no minute-long sleep (beat looks every second here,
and the slot is made due by moving the schedule's last slot back)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli
from digest.runtime import Runtime, utcnow

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def start(kind: str, env: dict[str, str], tmp_path: Path) -> subprocess.Popen[bytes]:
    celery = Path(sys.executable).parent / "celery"
    args = [str(celery), "-A", "worker", kind, "--loglevel=INFO", f"--logfile={tmp_path / kind}.log"]
    if kind == "worker":
        args += [
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"beat-{os.getpid()}@%h",
        ]
    else:
        args += [f"--pidfile={tmp_path / 'beat.pid'}", "--max-interval=1"]
    out = (tmp_path / f"{kind}.out").open("wb")
    return subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def processes(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DIGEST_SCHEDULE_TICK", "1")
    env = {**env, "DIGEST_SCHEDULE_TICK": "1"}
    running = [start("worker", env, tmp_path), start("beat", env, tmp_path)]
    yield
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


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
