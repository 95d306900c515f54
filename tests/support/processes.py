"""Real Celery processes for the tests: started as production starts them, stopped whatever happens."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def start_worker(tmp_path: Path, name: str, *options: str, concurrency: int = 2) -> subprocess.Popen[bytes]:
    """`celery -A worker worker` in its own process group (so SIGKILL takes its pool too), once ready.

    The environment is this process's: the `env` fixture has set it for the test."""
    log = tmp_path / f"{name}.log"
    process = _start(tmp_path, name, "worker", f"--concurrency={concurrency}", "--without-gossip",
                     "--without-mingle", "--hostname", f"{name}-{os.getpid()}@%h", *options)  # fmt: skip
    wait_until(lambda: _ready(process, log, tmp_path / f"{name}.out"), 60, f"worker {name} to start")
    return process


def start_beat(tmp_path: Path) -> subprocess.Popen[bytes]:
    """`celery -A worker beat` (RedBeat), looking at its schedule every second."""
    return _start(tmp_path, "beat", "beat", f"--pidfile={tmp_path / 'beat.pid'}", "--max-interval=1")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def _start(tmp_path: Path, name: str, *args: str) -> subprocess.Popen[bytes]:
    command = [str(CELERY), "-A", "worker", *args, "--loglevel=INFO", f"--logfile={tmp_path / name}.log"]
    out = (tmp_path / f"{name}.out").open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip


def _ready(process: subprocess.Popen[bytes], log: Path, out: Path) -> bool:
    assert process.poll() is None, f"the worker exited: {out.read_text(errors='replace')[-2000:]}"
    return log.exists() and "ready." in log.read_text(errors="replace")


def send_the_sample_through_workers(feed_url: str, tmp_path: Path) -> str:
    """The sample feed's issue to three readers, queued on the running workers and waited for: the
    worker's log, which the caller reads for what it must show (the chunk task, the broker)."""
    from tests.support.cli import succeeds

    succeeds("lists", "create", "morning", "--name", "Morning Brief", "--from", "Brief <brief@example.com>")
    for person in ("ada@example.com", "grace@example.org", "linus@example.net"):
        succeeds("subscribers", "add", "morning", person)
    succeeds("feeds", "add", "morning", feed_url)
    succeeds("feeds", "poll", "morning")
    summary = json.loads(succeeds("issue", "send", "morning", "--wait", "--timeout", "60", "--json"))
    assert summary["status"] == "sent"
    assert summary["counts"] == {"sent": 3, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert len(list((tmp_path / "outbox").glob("morning-1--*.eml"))) == 3
    return (tmp_path / "worker.log").read_text()
