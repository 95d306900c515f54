"""Real beat (RedBeat) and a real worker: the retention pass runs on its own, on beat's entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.runtime import Runtime
from tests.support.processes import start_beat, start_worker, stop, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def processes(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DIGEST_PRUNE_INTERVAL", "1")  # daily in production; every second here
    running = [start_worker(tmp_path, "worker", concurrency=1), start_beat(tmp_path)]
    yield
    for process in running:
        stop(process)


def test_beat_runs_the_prune_which_deletes_what_retention_says_is_old(
    processes: None, runtime: Runtime, tmp_path: Path
) -> None:
    leaked = runtime.store.keys.throttle("subscribe", "10.0.0.9", 7)
    runtime.store.redis.set(leaked, "4")  # a counter without its expiry: the throttles kind
    wait_until(lambda: not runtime.store.redis.exists(leaked), 60, "beat's prune to delete the counter")
    assert "digest.prune" in (tmp_path / "worker.log").read_text()
