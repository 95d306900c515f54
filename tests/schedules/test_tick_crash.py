"""A tick killed while it builds its slot's issue (kill -9 of the process, mid-collection) loses nothing:
a slot is spent only once its issue is built, and the next tick after the dead one's lease builds it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from digest import admin
from digest.runtime import Runtime, utcnow
from digest.schedules import tick as scheduling
from tests.support.feedserver import Reply, Server, fixture, serve
from tests.support.processes import ROOT, wait_until

# What beat's task runs, in a process of its own, with the clock of the machine.
TICK = "from worker.tasks import tick; print(tick('morning', 'default'))"


@pytest.fixture
def slow_server() -> Iterator[Server]:
    with serve({"/slow.xml": fixture("shared-a.xml")}) as running:
        yield running


def test_a_tick_killed_while_building_leaves_its_slot_to_the_next_tick(
    runtime: Runtime,
    sample_feed_url: str,
    slow_server: Server,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store = runtime.store
    now = utcnow().replace(second=0, microsecond=0)
    slot = now - timedelta(minutes=5)
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=now)
    admin.add_subscriber(store, "morning", "ada@example.com", now=now)
    admin.add_feed(store, runtime.fetcher, "morning", sample_feed_url)
    admin.add_feed(store, runtime.fetcher, "morning", f"{slow_server.base}/slow.xml")
    scheduling.set_schedule(store, "morning", f"daily {slot:%H:%M}", now - timedelta(minutes=10))
    # From now on the second feed answers only after 20 s: the tick is still collecting when killed.
    slow_server.routes["/slow.xml"] = Reply(200, fixture("shared-a.xml").body, delay=20)
    monkeypatch.setenv("DIGEST_LEASE_SECONDS", "1")
    with (tmp_path / "tick.out").open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", TICK], cwd=ROOT, env=dict(os.environ), stdout=out, stderr=out,
            start_new_session=True,
        )  # fmt: skip
        try:
            wait_until(lambda: slow_server.hits["/slow.xml"] >= 2, 60, "the tick to reach the slow feed")
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
    slow_server.routes["/slow.xml"] = fixture("shared-a.xml")
    time.sleep(1.5)  # the dead tick's lease (DIGEST_LEASE_SECONDS) runs out
    outcome = scheduling.tick(store, runtime.fetcher, "morning", "default", now + timedelta(minutes=1))
    assert outcome.status == "built" and outcome.slot == slot
    assert store.issues.numbers("morning") == [1]
