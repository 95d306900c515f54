"""`digest prune [--dry-run] [--json]`: what it would delete per kind, the memory it frees, and the
same figures once it has deleted them."""

from __future__ import annotations

import pytest

from digest.runtime import Runtime
from tests.support.cli import ok, succeeds


def leak_a_throttle(runtime: Runtime) -> str:
    """A request counter written without its expiry (a crash between the two commands of old code)."""
    key = runtime.store.keys.throttle("subscribe", "10.0.0.9", 7)
    runtime.store.redis.set(key, "4")
    return key


def test_a_dry_run_names_every_kind_and_what_it_would_free(runtime: Runtime) -> None:
    key = leak_a_throttle(runtime)
    shown = succeeds("prune", "--dry-run")
    for kind in ("deliveries", "events", "snapshots", "articles", "identities", "throttles"):
        assert kind in shown
    assert "would free" in shown and "1 counter " in shown
    assert runtime.store.redis.exists(key)


def test_prune_deletes_what_the_dry_run_announced_and_a_second_run_finds_nothing(
    runtime: Runtime,
) -> None:
    key = leak_a_throttle(runtime)
    planned = ok("prune", "--dry-run")
    done = ok("prune")
    assert planned["dry_run"] and not done["dry_run"]
    assert done["kinds"] == planned["kinds"] and done["bytes"] == planned["bytes"] > 0
    assert done["kinds"]["throttles"] == {"items": 1, "keys": 1, "bytes": planned["bytes"]}
    assert not runtime.store.redis.exists(key)
    assert ok("prune")["bytes"] == 0


def test_a_kind_kept_for_ever_is_said_so(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_RETAIN_THROTTLES", "0")
    leak_a_throttle(runtime)
    shown = succeeds("prune", "--dry-run")
    assert "kept" in shown and "0 counters" in shown
