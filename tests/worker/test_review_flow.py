"""Review end to end with real beat (RedBeat), a real Celery worker and real Redis, observed in the
outbox: a draft built at its slot waits for its editor and goes out once when approved; a dropped
draft never reaches a subscriber (and its articles come back in the next issue's draft); a draft nobody
approves is sent, or dropped, when its time runs out. Beat looks every second here, and a slot is made
due by moving the schedule's last slot back, as in test_beat.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from digest.runtime import Runtime, utcnow
from tests.support.cli import ok, succeeds
from tests.support.processes import start_beat, start_worker, stop, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture
def processes(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DIGEST_SCHEDULE_TICK", "1")
    running = [start_worker(tmp_path, "worker", concurrency=2), start_beat(tmp_path)]
    yield
    for process in running:
        stop(process)


def _reviewed_list(feed_url: str, timeout: str, on_timeout: str, cron: str = "* * * * *") -> None:
    succeeds("lists", "create", "morning", "--name", "Morning Brief", "--from", "brief@example.com")
    succeeds("subscribers", "add", "morning", "ada@example.com")
    succeeds("feeds", "add", "morning", feed_url)
    succeeds("lists", "update", "morning", "--review", "on", "--editors", "ed@example.com",
             "--review-timeout", timeout, "--on-timeout", on_timeout)  # fmt: skip
    succeeds("schedule", "set", "morning", cron)


# A yearly slot months away from any run of the tests: beat never builds for it.
_NOT_TODAY = f"0 0 1 {(utcnow().month + 5) % 12 + 1} *"


def _slot_now(runtime: Runtime) -> None:
    """Make the last minute's slot due at beat's next tick."""
    runtime.store.schedules.set_last_slot("morning", "default", utcnow() - timedelta(minutes=2))


def _files(tmp_path: Path, pattern: str) -> list[Path]:
    return sorted((tmp_path / "outbox").glob(pattern))


def _to_ada(tmp_path: Path) -> list[Path]:
    """Issues delivered to the subscriber (test copies are named LIST-N-test--…)."""
    return [p for p in _files(tmp_path, "morning-*--*.eml") if "-test--" not in p.name]


def _status(runtime: Runtime, number: int) -> str:
    return str(runtime.store.issues.get("morning", number).status)


def _draft_built(runtime: Runtime, tmp_path: Path) -> None:
    _slot_now(runtime)
    wait_until(lambda: bool(_files(tmp_path, "morning-1-test--*.eml")), 60, "the editor's copy")
    assert _status(runtime, 1) == "draft"


def test_a_draft_built_at_its_slot_is_sent_once_when_approved(
    processes: None, runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    _reviewed_list(sample_feed_url, "1h", "send")
    _draft_built(runtime, tmp_path)
    time.sleep(3)  # beat keeps ticking: the draft still waits, and nothing reached the subscriber
    assert _to_ada(tmp_path) == [] and _status(runtime, 1) == "draft"
    assert ok("issue", "approve", "morning", "1")["approved_now"] is True
    assert ok("issue", "approve", "morning", "1")["approved_now"] is False
    wait_until(lambda: _status(runtime, 1) == "sent", 60, "the approved issue to be sent")
    time.sleep(2)
    assert len(_to_ada(tmp_path)) == 1
    assert runtime.store.issues.counts("morning", 1)["sent"] == 1
    assert [i["id"] for i in ok("issue", "list", "morning")] == ["morning-1"]


def test_a_dropped_draft_never_reaches_a_subscriber_and_its_articles_come_back(
    processes: None, runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    # Built by run-now under a schedule not due for months, so beat builds nothing here. Under an
    # every-minute schedule run-now sometimes built no draft (about once in ten full runs): the likeliest
    # cause is a beat tick begun just before the pause, still building when the draft was dropped, which
    # rightly takes the returned articles first. Here the two run-nows can fall in one second: that
    # found run-now claiming its second as a slot and answering "taken" (fixed; test_tick.py).
    _reviewed_list(sample_feed_url, "1h", "send", cron=_NOT_TODAY)
    assert ok("schedule", "run-now", "morning")["drafts"] == ["morning-1"]
    wait_until(lambda: bool(_files(tmp_path, "morning-1-test--*.eml")), 60, "the editor's copy")
    assert ok("issue", "cancel", "morning-1")["status"] == "dropped"
    again = ok("schedule", "run-now", "morning")
    assert again["drafts"] == ["morning-2"], again
    assert _files(tmp_path, "morning-2-test--*.eml")
    assert len(runtime.store.issues.get("morning", 2).article_ids) == 4
    time.sleep(3)
    assert _to_ada(tmp_path) == [] and _status(runtime, 1) == "dropped"


def test_a_draft_nobody_approves_is_sent_when_its_time_runs_out(
    processes: None, runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    _reviewed_list(sample_feed_url, "5s", "send")
    _draft_built(runtime, tmp_path)
    wait_until(lambda: _status(runtime, 1) == "sent", 60, "the draft to go out on its timeout")
    time.sleep(2)
    assert len(_to_ada(tmp_path)) == 1


def test_a_draft_nobody_approves_is_dropped_when_the_list_says_drop(
    processes: None, runtime: Runtime, sample_feed_url: str, tmp_path: Path
) -> None:
    _reviewed_list(sample_feed_url, "5s", "drop")
    _draft_built(runtime, tmp_path)
    # The schedule runs every minute: paused, its next slot cannot take the returned articles into a
    # new draft before they are looked at (the timeout is the follow-up's, which pausing leaves alone).
    succeeds("schedule", "pause", "morning")
    wait_until(lambda: _status(runtime, 1) == "dropped", 60, "the draft to be dropped on its timeout")
    time.sleep(2)
    assert _to_ada(tmp_path) == []
    assert runtime.store.review.returned("morning", "default")  # waiting for the next issue
