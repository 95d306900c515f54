"""Counting for /metrics never fails the work: a Redis that fails while counting costs the figure only."""

from __future__ import annotations

import pytest
import redis

from digest.runtime import Runtime
from digest.store import open_store


def test_a_redis_that_fails_while_counting_never_fails_the_work(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    # Nothing listens on port 1: every write of this store fails.
    dead = open_store(redis.Redis(port=1, socket_connect_timeout=0.5), runtime.store.keys.prefix)
    dead.work.record_polls({"ok": 1}, [0.2], {"ok": 1})
    dead.work.record_chunk("sendgrid", 1.5, {400: 1})
    assert (
        sum("metrics of" in r.getMessage() and "not recorded" in r.getMessage() for r in caplog.records) == 2
    )
