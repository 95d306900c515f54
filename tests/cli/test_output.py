"""The output helpers every command prints through: one date format, one way to count."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from digest.cli.output import plural, when


def test_a_count_agrees_with_its_noun() -> None:
    assert plural(1, "row") == "1 row"
    assert plural(0, "row") == "0 rows" and plural(2, "row") == "2 rows"
    assert plural(1, "entry", "entries") == "1 entry" and plural(4, "entry", "entries") == "4 entries"


def test_a_moment_reads_in_one_format_whether_a_datetime_or_a_stored_iso_string() -> None:
    moment = datetime(2026, 11, 30, 8, 17, 27, 756287, tzinfo=UTC)
    assert when(moment) == "2026-11-30 08:17 UTC"
    assert when(moment.isoformat()) == "2026-11-30 08:17 UTC"
    assert when(None) == "-" and when("") == "-"


def test_a_moment_in_a_zone_names_the_zone_and_gives_utc_beside_it() -> None:
    local = datetime(2026, 11, 30, 3, 17, tzinfo=ZoneInfo("America/New_York"))
    assert when(local) == "2026-11-30 03:17 America/New_York (08:17 UTC)"
    late = datetime(2026, 11, 30, 22, 0, tzinfo=ZoneInfo("America/New_York"))
    assert when(late) == "2026-11-30 22:00 America/New_York (2026-12-01 03:00 UTC)"
    assert when(late.astimezone(UTC).isoformat(), "America/New_York") == when(late)
