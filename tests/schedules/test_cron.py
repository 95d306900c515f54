"""Schedule maths with fixed clocks: specs, zones, daylight saving, leap days, catch-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest.errors import InvalidInput
from digest.schedules.cron import due_slots, next_runs, slot_to_build, to_cron, zone, zone_warning

LONDON = "Europe/London"
NEW_YORK = "America/New_York"


@pytest.mark.parametrize(
    ("spec", "cron"),
    [
        ("daily 07:00", "0 7 * * *"),
        ("weekdays 7:30", "30 7 * * 1-5"),
        ("weekly sun 18:00", "0 18 * * 0"),
        ("Weekly Sunday 18:00", "0 18 * * 0"),
        ("monthly 1 09:00", "0 9 1 * *"),
        ("0 7 * * 1-5", "0 7 * * 1-5"),
    ],
)
def test_friendly_forms_become_cron(spec: str, cron: str) -> None:
    assert to_cron(spec) == cron


@pytest.mark.parametrize("spec", ["daily 25:00", "sometimes", "0 7 * *", "61 * * * *", "weekly funday 10:00"])
def test_an_invalid_spec_is_refused_with_an_example(spec: str) -> None:
    with pytest.raises(InvalidInput, match=r"e\.g\. 'daily 07:00'"):
        to_cron(spec)


def test_runs_are_in_the_lists_own_zone() -> None:
    runs = next_runs("0 7 * * 1-5", "Europe/Istanbul", datetime(2025, 11, 7, 5, 0, tzinfo=UTC), 3)
    # Friday 07:00 Istanbul is 04:00 UTC, already past; then Monday and Tuesday.
    assert [r.astimezone(UTC) for r in runs] == [
        datetime(2025, 11, 10, 4, 0, tzinfo=UTC),
        datetime(2025, 11, 11, 4, 0, tzinfo=UTC),
        datetime(2025, 11, 12, 4, 0, tzinfo=UTC),
    ]


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(InvalidInput, match="IANA name"):
        next_runs("0 7 * * *", "Mars/Olympus", datetime(2025, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("zone", "cron", "day", "runs_at"),
    [
        # London jumps from 01:00 to 02:00; New York from 02:00 to 03:00: the slot's local time does
        # not exist that night, so it runs at the first minute after the gap, once.
        (LONDON, "30 1 * * *", datetime(2025, 3, 30), (2, 0)),
        (NEW_YORK, "30 2 * * *", datetime(2025, 3, 9), (3, 0)),
    ],
)
def test_a_slot_in_the_hour_that_spring_forward_skips_still_runs_once(
    zone: str, cron: str, day: datetime, runs_at: tuple[int, int]
) -> None:
    start = day.replace(tzinfo=ZoneInfo(zone))
    slots = [s.astimezone(ZoneInfo(zone)) for s in due_slots(cron, zone, start, start + timedelta(days=3))]
    assert [s.date() for s in slots] == [(day + timedelta(days=n)).date() for n in range(3)]
    assert (slots[0].hour, slots[0].minute) == runs_at


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_a_slot_in_the_hour_that_fall_back_repeats_runs_once(zone: str) -> None:
    day = {LONDON: datetime(2025, 10, 26), NEW_YORK: datetime(2025, 11, 2)}[zone]
    start = day.replace(tzinfo=ZoneInfo(zone)) - timedelta(days=1)
    slots = due_slots("30 1 * * *", zone, start, start + timedelta(days=3))
    days = [s.astimezone(ZoneInfo(zone)).date() for s in slots]
    assert days.count(day.date()) == 1
    assert len(slots) == 3


def test_a_daily_slot_across_both_transitions_happens_once_a_day() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    slots = due_slots("0 7 * * *", LONDON, start, datetime(2026, 1, 1, tzinfo=UTC))
    assert len(slots) == 365
    assert all(s.astimezone(ZoneInfo(LONDON)).hour == 7 for s in slots)


def test_a_leap_day_schedule_runs_only_on_leap_years() -> None:
    runs = next_runs("0 9 29 2 *", "UTC", datetime(2025, 1, 1, tzinfo=UTC), 2)
    assert [r.year for r in runs] == [2028, 2032]


def test_missed_slots_collapse_into_one_issue_for_the_latest() -> None:
    now = datetime(2025, 11, 5, 12, 0, tzinfo=UTC)
    slots = due_slots("0 7 * * *", "UTC", now - timedelta(days=3), now)
    assert len(slots) == 3
    assert slot_to_build(slots, now, "one") == datetime(2025, 11, 5, 7, 0, tzinfo=UTC)


def test_with_catch_up_none_a_long_missed_slot_is_dropped_but_a_fresh_one_is_built() -> None:
    slot = datetime(2025, 11, 5, 7, 0, tzinfo=UTC)
    assert slot_to_build([slot], slot + timedelta(hours=5), "none") is None
    assert slot_to_build([slot], slot + timedelta(minutes=1), "none") == slot


def test_nothing_is_due_before_the_first_slot() -> None:
    now = datetime(2025, 11, 5, 6, 59, tzinfo=UTC)
    assert due_slots("0 7 * * *", "UTC", now - timedelta(hours=1), now) == []


@pytest.mark.parametrize(
    ("spec", "cron"),
    [
        ("daily 7am", "0 7 * * *"),
        ("daily 7pm", "0 19 * * *"),
        ("daily 07:00", "0 7 * * *"),
        ("daily 7:30am", "30 7 * * *"),
        ("daily 7:30 PM", "30 19 * * *"),
        ("daily 12am", "0 0 * * *"),
        ("daily 12pm", "0 12 * * *"),
        ("weekdays 6:45pm", "45 18 * * 1-5"),
        ("weekly fri 9am", "0 9 * * 5"),
        ("monthly 1 8pm", "0 20 1 * *"),
    ],
)
def test_times_of_day_may_be_written_with_am_and_pm(spec: str, cron: str) -> None:
    assert to_cron(spec) == cron


@pytest.mark.parametrize("spec", ["daily 13pm", "daily 0am", "daily 7:60am", "daily 7 am pm"])
def test_an_impossible_am_pm_time_is_refused(spec: str) -> None:
    with pytest.raises(InvalidInput, match=r"e\.g\. 'daily 07:00'"):
        to_cron(spec)


def test_a_misspelt_zone_is_refused_with_the_name_it_probably_meant() -> None:
    with pytest.raises(InvalidInput, match=r"did you mean Europe/London\?"):
        zone("Europe/Londn")
    with pytest.raises(InvalidInput, match=r"did you mean America/New_York\?"):
        zone("america/new_york")


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [("EST", "America/New_York"), ("MST", "America/Denver"), ("PST8PDT", "America/Los_Angeles")],
)
def test_a_legacy_zone_is_accepted_with_a_warning_naming_the_city_zone(name: str, suggestion: str) -> None:
    zone(name)  # still a valid zone: existing schedules keep working
    warning = zone_warning(name)
    assert suggestion in warning and name in warning


def test_a_zone_without_a_time_of_daylight_saving_to_lose_needs_no_warning() -> None:
    assert zone_warning("Europe/Istanbul") == ""
    assert zone_warning("UTC") == ""
    assert zone_warning(NEW_YORK) == ""


def test_an_unknown_abbreviation_gets_the_city_zone_it_stands_for() -> None:
    with pytest.raises(InvalidInput, match=r"did you mean America/Los_Angeles\?"):
        zone("PST")
