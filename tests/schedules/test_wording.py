"""Schedules in a subscriber's words: the phrases the preferences and subscribe pages show."""

from __future__ import annotations

import pytest

from digest.schedules.cron import to_cron
from digest.schedules.wording import in_words, zone_in_words

ISTANBUL = "Europe/Istanbul"


@pytest.mark.parametrize(
    ("spec", "phrase"),
    [
        ("daily 07:00", "Daily at 7:00"),
        ("daily 7:30pm", "Daily at 19:30"),
        ("weekdays 07:00", "Weekdays at 7:00"),
        ("weekly sun 18:00", "Weekly on Sunday at 18:00"),
        ("weekly mon 06:05", "Weekly on Monday at 6:05"),
        ("monthly 1 09:00", "Monthly on the 1st at 9:00"),
        ("monthly 22 09:00", "Monthly on the 22nd at 9:00"),
        ("monthly 13 09:00", "Monthly on the 13th at 9:00"),
        ("0 7,18 * * *", "Twice a day, at 7:00 and 18:00"),
        ("0 7,12,18 * * *", "Three times a day, at 7:00, 12:00 and 18:00"),
        ("0 9 * * 0,6", "Weekends at 9:00"),
        ("0 9 * * 6-7", "Weekends at 9:00"),
        ("0 9 * * mon,thu", "Every Monday and Thursday at 9:00"),
        ("0 9 * * sun,fri,sat", "Every Friday, Saturday and Sunday at 9:00"),
        ("0 9 * * 7", "Weekly on Sunday at 9:00"),
        ("0 7 * * MON-FRI", "Weekdays at 7:00"),
        ("0 7 * * 0-6", "Daily at 7:00"),
    ],
)
def test_common_schedules_read_as_people_say_them(spec: str, phrase: str) -> None:
    assert in_words(to_cron(spec), ISTANBUL) == f"{phrase} (Istanbul time)"


@pytest.mark.parametrize("cron", ["*/15 * * * *", "17 3 * 1 *", "0 7 1-7 * 1", "0 */6 * * *", "0 7 * * 1/2"])
def test_anything_else_falls_back_to_a_described_sentence_without_internal_words(cron: str) -> None:
    phrase = in_words(cron, "America/New_York")
    assert phrase.endswith("(New York time)") and phrase[0].isupper()
    assert "only on" not in phrase and "*" not in phrase and "edition" not in phrase


def test_the_fallback_names_the_days_with_capitals() -> None:
    assert "Monday" in in_words("0 7 1-7 * 1", "UTC")


def test_the_time_is_as_the_cron_says_at_any_minute() -> None:
    assert in_words("17 3 * * *", "America/New_York") == "Daily at 3:17 (New York time)"


@pytest.mark.parametrize(
    ("tz", "words"),
    [
        ("Europe/Istanbul", "Istanbul time"),
        ("America/New_York", "New York time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
        ("UTC", "UTC"),
        ("Etc/GMT+3", "Etc/GMT+3"),
    ],
)
def test_zones_are_named_by_their_place(tz: str, words: str) -> None:
    assert zone_in_words(tz) == words
