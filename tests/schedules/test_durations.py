"""The one grammar of spans ('90s', '30m', '12h', '7d', '2w') and how each flag reads it."""

from __future__ import annotations

import pytest

from digest.errors import InvalidInput
from digest.schedules.durations import MAX_AGE, POLL_INTERVAL, SINCE, Reading, parse_duration

MINUTE, HOUR, DAY, WEEK = 60, 3600, 86_400, 604_800


@pytest.mark.parametrize(
    ("reading", "text", "value"),
    [
        # feeds add --every: seconds; a bare number is seconds; at least a minute.
        (POLL_INTERVAL, "90s", 90),
        (POLL_INTERVAL, "30m", 30 * MINUTE),
        (POLL_INTERVAL, "2h", 2 * HOUR),
        (POLL_INTERVAL, "1d", DAY),
        (POLL_INTERVAL, "2w", 2 * WEEK),
        (POLL_INTERVAL, "120", 120),
        (POLL_INTERVAL, "60", 60),
        (POLL_INTERVAL, " 5 M ", 5 * MINUTE),
        # schedule set --max-age: hours; a bare number is days; 0 is no limit.
        (MAX_AGE, "7d", 168),
        (MAX_AGE, "36h", 36),
        (MAX_AGE, "2", 48),
        (MAX_AGE, "0", 0),
        (MAX_AGE, "2w", 336),
        (MAX_AGE, "120m", 2),
        (MAX_AGE, "7D", 168),
        # articles list --since: seconds back; a unit is required.
        (SINCE, "90m", 90 * MINUTE),
        (SINCE, "12h", 12 * HOUR),
        (SINCE, "7d", 7 * DAY),
        (SINCE, "2w", 2 * WEEK),
        (SINCE, "45s", 45),
        (SINCE, "7 d", 7 * DAY),
    ],
)
def test_it_reads_each_unit_the_same_way_under_every_flag(reading: Reading, text: str, value: int) -> None:
    assert parse_duration(text, reading) == value


@pytest.mark.parametrize(
    ("reading", "text", "message"),
    [
        (POLL_INTERVAL, "soon", "interval 'soon' is not like '30m', '2h' or '1d'"),
        (POLL_INTERVAL, "10s", "interval '10s' is shorter than 60 s: poll less often"),
        (POLL_INTERVAL, "59", "interval '59' is shorter than 60 s: poll less often"),
        (POLL_INTERVAL, "-5m", "is not like"),
        (POLL_INTERVAL, "1.5h", "is not like"),
        (POLL_INTERVAL, "", "is not like"),
        (MAX_AGE, "soon", "max age 'soon' is not like '7d' or '36h'"),
        (MAX_AGE, "3y", "is not like '7d' or '36h'"),
        (MAX_AGE, "90m", "max age '90m' is not a whole number of hours"),
        (MAX_AGE, "30s", "is not a whole number of hours"),
        (SINCE, "7", "age '7' is not like '90m', '12h', '7d' or '2w'"),
        (SINCE, "2024-05-01", "is not like"),
    ],
)
def test_it_refuses_what_a_flag_cannot_take_and_says_why(reading: Reading, text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_duration(text, reading)

    assert message in str(refused.value)


@pytest.mark.parametrize(("text", "hours"), [("7d", 168), ("36h", 36), ("2", 48), ("0", 0)])
def test_ages_read_as_days_or_hours(text: str, hours: int) -> None:
    assert parse_duration(text, MAX_AGE) == hours
