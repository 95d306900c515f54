"""`articles list --since`: an ISO date or time, or an age in the shared span grammar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from digest.admin.articles import parse_since
from digest.errors import InvalidInput

NOW = datetime(2025, 11, 5, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "since"),
    [
        ("90m", NOW - timedelta(minutes=90)),
        ("12h", NOW - timedelta(hours=12)),
        ("7d", NOW - timedelta(days=7)),
        ("2w", NOW - timedelta(weeks=2)),
        (" 7D ", NOW - timedelta(days=7)),
        ("30s", NOW - timedelta(seconds=30)),
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05-01T08:00", datetime(2024, 5, 1, 8, 0, tzinfo=UTC)),
        ("2024-05-01T08:00+02:00", datetime(2024, 5, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))),
        ("20240501", datetime(2024, 5, 1, tzinfo=UTC)),  # a bare number is a date, never an age
    ],
)
def test_it_reads_an_age_or_a_moment(text: str, since: datetime) -> None:
    assert parse_since(text, NOW) == since


@pytest.mark.parametrize("text", ["yesterday", "7", "7y", "99999999999999w"])
def test_it_refuses_anything_else_in_one_line(text: str) -> None:
    with pytest.raises(InvalidInput, match=rf"^--since '{text}' is not a time: write e\.g\. 2024-05-01"):
        parse_since(text, NOW)
