"""`digest schedule …` through the CLI runner against real Redis (and RedBeat's entries in it)."""

from __future__ import annotations

import json

import pytest

from digest.cli import queue
from digest.config import load_settings
from tests.support.cli import run

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def test_set_shows_the_next_runs_in_the_lists_zone_and_utc(morning: str) -> None:
    result = run("schedule", "set", morning, "weekdays 07:00", "--tz", "Europe/Istanbul", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cron"] == "0 7 * * 1-5" and data["description"] == "At 07:00 AM, Monday through Friday"
    assert len(data["next_runs"]) == 5
    assert all(r.endswith("T07:00:00+03:00") for r in data["next_runs"])
    assert all(r.endswith("T04:00:00+00:00") for r in data["next_runs_utc"])


def test_set_installs_a_redbeat_entry_that_beat_reads_from_redis(morning: str) -> None:
    app = queue.client(load_settings())
    assert not queue.has_tick(app, morning, "default")
    run("schedule", "set", morning, "daily 07:00")
    assert queue.has_tick(app, morning, "default")


def test_a_second_edition_is_its_own_edition(morning: str) -> None:
    run("schedule", "set", morning, "daily 07:00")
    run("schedule", "set", morning, "weekly sun 18:00", "--edition", "weekly")
    shown = json.loads(run("schedule", "show", morning, "--json").output)
    assert [(s["edition"], s["cron"]) for s in shown] == [("default", "0 7 * * *"), ("weekly", "0 18 * * 0")]
    listed = json.loads(run("schedule", "list", "--json").output)
    assert len(listed) == 2


def test_pause_and_resume_a_list(morning: str) -> None:
    run("schedule", "set", morning, "daily 07:00")
    paused = json.loads(run("schedule", "pause", morning, "--json").output)
    assert paused[0]["paused"] is True and paused[0]["next_runs"] == []
    resumed = json.loads(run("schedule", "resume", morning, "--json").output)
    assert resumed[0]["paused"] is False


def test_run_now_says_when_nothing_is_new(morning: str) -> None:
    run("schedule", "set", morning, "daily 07:00")
    result = run("schedule", "run-now", morning, "--inline", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "skipped"


def test_run_now_sends_through_the_scheduled_path(
    morning: str, sample_feed_url: str, env: dict[str, str]
) -> None:
    run("subscribers", "add", morning, "ada@example.com")
    run("feeds", "add", morning, sample_feed_url)
    run("schedule", "set", morning, "daily 07:00")
    data = json.loads(run("schedule", "run-now", morning, "--inline", "--json").output)
    assert data["status"] == "built" and data["issues"] == ["morning-1"]
    status = json.loads(run("issue", "status", "morning-1", "--json").output)
    assert status["counts"]["sent"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("schedule", "set", "morning", "sometimes"), "e.g. 'daily 07:00'"),
        (("schedule", "set", "morning", "daily 07:00", "--tz", "Mars/Base"), "IANA name"),
        (("schedule", "set", "nosuch", "daily 07:00"), "no list 'nosuch'"),
        (("schedule", "show", "morning"), "has no schedule"),
        (("schedule", "pause", "morning", "--edition", "weekly"), "has no schedule 'weekly'"),
        (("schedule", "set", "morning", "daily 07:00", "--max-age", "soon"), "is not like '7d'"),
    ],
)
def test_bad_schedules_exit_non_zero_with_the_reason(
    morning: str, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_lists_show_has_the_next_run_and_each_editions_skipped_slots(morning: str) -> None:
    run("schedule", "set", morning, "daily 07:00")
    run("schedule", "run-now", morning, "--inline")  # nothing new: a skipped slot
    shown = json.loads(run("lists", "show", morning, "--json").output)
    assert shown["next_run"] is not None
    assert shown["editions"][0]["edition"] == "default" and shown["editions"][0]["skipped_slots"] == 1


def test_deleting_a_list_removes_its_schedules_and_beat_entries(morning: str) -> None:
    run("schedule", "set", morning, "daily 07:00")
    assert run("lists", "delete", morning, "--yes").exit_code == 0
    assert not queue.has_tick(queue.client(load_settings()), morning, "default")
    assert json.loads(run("schedule", "list", "--json").output) == []


def test_set_takes_7am_and_warns_that_est_has_no_daylight_saving(morning: str) -> None:
    result = run("schedule", "set", morning, "daily 7am", "--tz", "EST", "--json", code=0)
    assert json.loads(result.stdout)["cron"] == "0 7 * * *"
    assert "without daylight saving" in result.stderr and "America/New_York" in result.stderr
    refused = run("schedule", "set", morning, "daily 7am", "--tz", "Europe/Londn", code=1)
    assert "did you mean Europe/London?" in refused.output
