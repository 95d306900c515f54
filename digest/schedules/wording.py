"""A schedule (cron in a zone) in a subscriber's words: "Daily at 7:00 (Istanbul time)".

Pure. The common shapes an operator writes (daily, weekdays, weekly, a few times a day, monthly) get a
short phrase of our own; anything else falls back to cron-descriptor's sentence, so a subscriber is never
shown cron, the edition's internal name or "only on sunday".
"""

from __future__ import annotations

import re

from cron_descriptor import Options, get_description
from cron_descriptor.Exception import FormatException, MissingFieldException, WrongArgumentException

_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAY_WORDS = {name[:3].lower(): i for i, name in enumerate(_DAY_NAMES)}
_NUMBER = re.compile(r"^\d{1,2}$")
_TIMES = {2: "Twice a day", 3: "Three times a day"}


def in_words(cron: str, tz: str) -> str:
    """The phrase for one edition's schedule, with the zone said the way people say it."""
    return f"{_when(cron)} ({zone_in_words(tz)})"


def zone_in_words(tz: str) -> str:
    """ "Istanbul time" for Europe/Istanbul, "New York time" for America/New_York, "UTC" for UTC."""
    place = tz.rsplit("/", 1)[-1].replace("_", " ")
    if "/" not in tz or tz.startswith("Etc/") or not place[:1].isalpha():
        return tz
    return f"{place} time"


def _when(cron: str) -> str:
    fields = cron.split()
    if len(fields) == 5:
        phrase = _common(*fields)
        if phrase:
            return phrase
    return _fallback(cron)


def _common(minute: str, hour: str, dom: str, month: str, dow: str) -> str:
    """Our phrase for the shapes people pick, or "" when the cron is anything else."""
    minutes, hours = _numbers(minute, 59), _numbers(hour, 23)
    if len(minutes) != 1 or not hours or len(hours) > 3 or month != "*":
        return ""
    clocks = [f"{h}:{minutes[0]:02d}" for h in hours]
    at = "at " + _and(clocks)
    if dom == "*" and dow in ("*", "0-6", "1-7"):
        return f"{_TIMES[len(hours)]}, {at}" if len(hours) > 1 else f"Daily {at}"
    if len(hours) > 1:
        return ""
    if dom == "*":
        days = _days(dow)
        if days == [1, 2, 3, 4, 5]:
            return f"Weekdays {at}"
        if days == [0, 6]:
            return f"Weekends {at}"
        if len(days) == 1:
            return f"Weekly on {_DAY_NAMES[days[0]]} {at}"
        if days:
            monday_first = sorted(days, key=lambda d: (d - 1) % 7)
            return f"Every {_and([_DAY_NAMES[d] for d in monday_first])} {at}"
        return ""
    month_days = _numbers(dom, 31)
    if dow == "*" and len(month_days) == 1 and month_days[0] >= 1:
        return f"Monthly on the {_ordinal(month_days[0])} {at}"
    return ""


def _numbers(field: str, top: int) -> list[int]:
    """The values of a cron field made of plain numbers and commas; [] for ranges, steps, names or *."""
    parts = field.split(",")
    if not all(_NUMBER.match(p) for p in parts):
        return []
    values = sorted({int(p) for p in parts})
    return values if values[-1] <= top else []


def _days(field: str) -> list[int]:
    """Days of the week (0 = Sunday) of a field of numbers, names and ranges; [] for steps or nonsense."""
    days: set[int] = set()
    for part in field.lower().split(","):
        ends = part.split("-")
        if len(ends) > 2:
            return []
        values = [_day(end) for end in ends]
        if None in values:
            return []
        first, last = values[0], values[-1]
        assert first is not None and last is not None
        if last < first and last != 0:
            return []
        # "5-7" and "5-0" both run to Sunday; 7 is Sunday as well as 0.
        days.update(d % 7 for d in range(first, (last or 7) + 1 if len(values) > 1 else first + 1))
    return sorted(days)


def _day(text: str) -> int | None:
    if _NUMBER.match(text) and int(text) <= 7:
        return int(text)
    return _DAY_WORDS.get(text[:3]) if len(text) == 3 else None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fallback(cron: str) -> str:
    try:
        text = str(get_description(cron, Options(use_24hour_time_format=True)))
    except (FormatException, MissingFieldException, WrongArgumentException):
        # A cron it cannot read still gets a page, with the cron as written.
        return f"On the schedule {cron}"
    # cron-descriptor writes day names in lower case after "only on"; people write them capitalised.
    for name in _DAY_NAMES:
        text = re.sub(rf"\b{name.lower()}\b", name, text)
    return text.replace("only on ", "on ")
