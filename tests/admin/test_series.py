"""The stats series: weeks start on Monday (UTC), empty weeks stay in, the 0.3 % complaint line."""

from __future__ import annotations

from datetime import UTC, date, datetime

from digest.admin.series import IssueCounts, sparkline, week_of, weekly

MONDAY = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def counts(at: datetime, delivered: int, complained: int) -> IssueCounts:
    return IssueCounts("m-1", "m", at, delivered, delivered, delivered, 0, complained, 0, 0)


def test_a_week_runs_from_monday_to_sunday_in_utc() -> None:
    assert week_of(datetime(2026, 11, 8, 23, 59, tzinfo=UTC)) == date(2026, 11, 2)
    assert week_of(datetime(2026, 11, 9, 0, 0, tzinfo=UTC)) == date(2026, 11, 9)


def test_weeks_without_anything_stay_in_the_series_and_the_complaint_line_is_marked() -> None:
    issues = [
        counts(datetime(2026, 11, 4, tzinfo=UTC), 1000, 3),
        counts(datetime(2026, 11, 18, tzinfo=UTC), 1000, 2),
    ]
    statuses = [
        ("active", datetime(2026, 11, 3, tzinfo=UTC)),
        ("unsubscribed", datetime(2026, 11, 19, tzinfo=UTC)),
        ("active", datetime(2026, 10, 1, tzinfo=UTC)),  # before the window
    ]
    weeks = weekly(issues, statuses, MONDAY, datetime(2026, 11, 20, tzinfo=UTC))
    assert [w.start for w in weeks] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert [(w.growth, w.churn, w.delivered) for w in weeks] == [(1, 0, 1000), (0, 0, 0), (0, 1, 1000)]
    lines = [w.as_dict()["over_complaint_line"] for w in weeks]
    assert lines == [True, False, False]  # 3 in 1000 is on the line; 2 in 1000 under it


def test_a_sparkline_scales_to_its_largest_value_and_leaves_zero_blank() -> None:
    assert sparkline([0, 1, 4, 8]) == " ▁▄█"
    assert sparkline([0, 0]) == "  " and sparkline([]) == ""
