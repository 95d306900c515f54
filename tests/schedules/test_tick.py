"""Ticks of a list's schedule on real Redis with fixed clocks: due or not, once per slot, paused,
skipped when nothing is new, missed slots collapsed into one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest import admin
from digest.errors import InvalidInput, NotFound
from digest.runtime import Runtime
from digest.schedules import tick as scheduling
from digest.schedules.tick import ScheduleOptions

SET_AT = datetime(2025, 11, 3, 6, 0, tzinfo=UTC)  # a Monday
SLOT = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)


@pytest.fixture
def morning(runtime: Runtime, sample_feed_url: str) -> str:
    store = runtime.store
    admin.create_list(store, "morning", name="Morning Brief", from_addr="brief@example.com", now=SET_AT)
    admin.add_subscriber(store, "morning", "ada@example.com", now=SET_AT)
    admin.add_feed(store, runtime.fetcher, "morning", sample_feed_url)
    scheduling.set_schedule(store, "morning", "daily 07:00", SET_AT)
    return "morning"


def tick(runtime: Runtime, now: datetime, edition: str = "default") -> scheduling.TickOutcome:
    return scheduling.tick(runtime.store, runtime.fetcher, "morning", edition, now)


def test_nothing_is_built_before_the_slot(runtime: Runtime, morning: str) -> None:
    assert tick(runtime, SLOT - timedelta(minutes=1)).status == "not-due"


def test_at_the_slot_the_list_is_polled_and_its_issue_built(runtime: Runtime, morning: str) -> None:
    outcome = tick(runtime, SLOT + timedelta(seconds=20))
    assert outcome.status == "built" and outcome.slot == SLOT
    (issue,) = outcome.issues
    assert len(issue.article_ids) == 4 and issue.edition == "default"


def test_the_same_slot_is_never_built_twice(runtime: Runtime, morning: str) -> None:
    assert tick(runtime, SLOT + timedelta(seconds=5)).status == "built"
    assert tick(runtime, SLOT + timedelta(seconds=30)).status == "not-due"
    # A duplicated task that still thinks the slot is due (its state was read before ours was written):
    runtime.store.schedules.set_last_slot("morning", "default", SET_AT)
    assert tick(runtime, SLOT + timedelta(seconds=40)).status == "taken"
    assert runtime.store.issues.numbers("morning") == [1]


def test_a_slot_with_nothing_new_builds_no_issue_and_is_recorded_as_skipped(
    runtime: Runtime, morning: str
) -> None:
    assert tick(runtime, SLOT).status == "built"
    assert tick(runtime, SLOT + timedelta(days=1)).status == "skipped"
    assert runtime.store.schedules.skips("morning", "default")[0] == 1
    assert runtime.store.issues.numbers("morning") == [1]


def test_a_paused_list_builds_nothing_and_resumes_with_one_issue(runtime: Runtime, morning: str) -> None:
    scheduling.set_paused(runtime.store, "morning", "default", True)
    assert tick(runtime, SLOT + timedelta(days=2)).status == "paused"
    scheduling.set_paused(runtime.store, "morning", "default", False)
    outcome = tick(runtime, SLOT + timedelta(days=2, hours=1))
    assert outcome.status == "built" and outcome.slot == SLOT + timedelta(days=2)
    assert runtime.store.issues.numbers("morning") == [1]


def test_a_day_of_downtime_gives_one_issue_not_a_burst(runtime: Runtime, morning: str) -> None:
    outcome = tick(runtime, SLOT + timedelta(days=3, hours=2))
    assert outcome.status == "built" and outcome.slot == SLOT + timedelta(days=3)
    assert tick(runtime, SLOT + timedelta(days=3, hours=2, minutes=1)).status == "not-due"


def test_with_catch_up_none_missed_slots_are_dropped(runtime: Runtime, morning: str) -> None:
    scheduling.set_schedule(
        runtime.store, "morning", "daily 07:00", SET_AT, options=ScheduleOptions(catch_up="none")
    )
    assert tick(runtime, SLOT + timedelta(hours=3)).status == "missed"
    assert tick(runtime, SLOT + timedelta(days=1, minutes=2)).status == "built"


def test_run_now_builds_through_the_same_path_even_between_slots(runtime: Runtime, morning: str) -> None:
    outcome = scheduling.tick(runtime.store, runtime.fetcher, "morning", "default", SET_AT, force=True)
    assert outcome.status == "built"
    # The scheduled slot that follows starts where run-now stopped: nothing new, so it is skipped.
    assert tick(runtime, SLOT).status == "skipped"


def test_a_second_run_now_in_the_same_second_still_builds_what_is_waiting(
    runtime: Runtime, morning: str
) -> None:
    """An editor who drops run-now's draft and runs it again at once gets the articles back in a new
    draft (it was told "taken" when both fell in one second: run-now claimed that second as a slot)."""
    from digest.admin.review import set_review
    from digest.issues.review import drop_draft

    set_review(runtime.store, "morning", enabled=True, editors=["ed@example.com"])
    run_now = scheduling.tick(runtime.store, runtime.fetcher, "morning", "default", SET_AT, force=True)
    (first,) = run_now.issues
    drop_draft(runtime.store, "morning", first.number)
    again = scheduling.tick(runtime.store, runtime.fetcher, "morning", "default", SET_AT, force=True)
    assert again.status == "built" and sorted(again.issues[0].article_ids) == sorted(first.article_ids)


def test_an_edition_continues_where_the_manual_issues_stopped(runtime: Runtime, sample_feed_url: str) -> None:
    from digest.issues.build import build_issue
    from digest.schedules.tick import collect_list

    store = runtime.store
    admin.create_list(store, "m2", name="M2", from_addr="m2@example.com", now=SET_AT)
    admin.add_feed(store, runtime.fetcher, "m2", sample_feed_url)
    collect_list(store, runtime.fetcher, "m2", SET_AT)
    assert build_issue(store, "m2", SET_AT) is not None
    scheduling.set_schedule(store, "m2", "daily 07:00", SET_AT + timedelta(minutes=1))
    assert scheduling.tick(store, runtime.fetcher, "m2", "default", SLOT).status == "skipped"


def test_limits_cap_the_articles_of_an_edition(runtime: Runtime, morning: str) -> None:
    options = ScheduleOptions(max_articles=2)
    scheduling.set_schedule(runtime.store, "morning", "daily 07:00", SET_AT, options=options)
    outcome = tick(runtime, SLOT)
    (issue,) = outcome.issues
    assert len(issue.article_ids) == 2


def test_bad_schedules_are_refused(runtime: Runtime, morning: str) -> None:
    with pytest.raises(InvalidInput, match="IANA"):
        scheduling.set_schedule(
            runtime.store, "morning", "daily 07:00", SET_AT, options=ScheduleOptions(tz="Nowhere")
        )
    with pytest.raises(NotFound, match="no list 'nosuch'"):
        scheduling.set_schedule(runtime.store, "nosuch", "daily 07:00", SET_AT)


def test_a_slot_of_a_list_nobody_receives_spends_nothing_and_the_first_subscriber_gets_it(
    runtime: Runtime, sample_feed_url: str
) -> None:
    store = runtime.store
    admin.create_list(store, "quiet", name="Quiet", from_addr="quiet@example.com", now=SET_AT)
    admin.add_feed(store, runtime.fetcher, "quiet", sample_feed_url)
    scheduling.set_schedule(store, "quiet", "daily 07:00", SET_AT)
    outcome = scheduling.tick(store, runtime.fetcher, "quiet", "default", SLOT + timedelta(seconds=10))
    assert outcome.status == "no-subscribers" and outcome.slot == SLOT
    assert store.issues.numbers("quiet") == [] and store.schedules.skips("quiet", "default")[0] == 1
    admin.add_subscriber(store, "quiet", "first@example.com", now=SLOT + timedelta(hours=1))
    built = scheduling.tick(store, runtime.fetcher, "quiet", "default", SLOT + timedelta(days=1))
    assert built.status == "built" and len(built.issues[0].article_ids) == 4
