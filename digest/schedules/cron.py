"""Schedule maths, pure: specs to cron, next runs, due slots, from (schedule, now, zone).

Cron is evaluated in the list's own zone with cronsim, which treats daylight-saving changes the way
Debian's cron does: a time that does not exist (spring forward) runs at the first minute after the
gap, and a time that exists twice (fall back) runs once. So a change of clocks neither skips nor doubles
an issue.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from cron_descriptor import get_description
from cronsim import CronSim, CronSimError

from digest.errors import InvalidInput

EXAMPLES = "e.g. 'daily 07:00', 'weekdays 07:00', 'weekly sun 18:00', 'monthly 1 09:00' or '0 7 * * 1-5'"
_DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0}
# 07:00, 7:30, 7am, 7:30pm, 7 pm: a clock time either has minutes or says am/pm.
_TIME = r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?: ?(?P<ap>am|pm))?"
_FRIENDLY = (
    (re.compile(rf"^daily {_TIME}$"), "{m} {h} * * *"),
    (re.compile(rf"^weekdays {_TIME}$"), "{m} {h} * * 1-5"),
    (re.compile(rf"^weekly (?P<d>mon|tue|wed|thu|fri|sat|sun)\w* {_TIME}$"), "{m} {h} * * {d}"),
    (re.compile(rf"^monthly (?P<dom>\d{{1,2}}) {_TIME}$"), "{m} {h} {dom} * *"),
)
# A slot missed by more than this (downtime) is "missed"; with catch_up=none it is not built.
CATCH_UP_GRACE = timedelta(minutes=30)
CATCH_UP_POLICIES = ("one", "none")


def to_cron(spec: str) -> str:
    """A 5-field cron expression from a friendly spec or a cron expression; refused with an example."""
    text = " ".join(spec.strip().lower().split())
    for pattern, template in _FRIENDLY:
        match = pattern.match(text)
        if match:
            parts = match.groupdict()
            hour, minute = _clock(parts["h"], parts["m"], parts["ap"], spec)
            day = _DAYS[parts["d"]] if parts.get("d") else ""
            cron = template.format(m=minute, h=hour, d=day, dom=parts.get("dom", ""))
            return check_cron(cron, spec)
    if len(text.split()) != 5:
        raise InvalidInput(f"schedule {spec!r} is neither a friendly form nor 5 cron fields; {EXAMPLES}")
    return check_cron(text, spec)


def _clock(hour_text: str, minute_text: str | None, half: str | None, spec: str) -> tuple[int, int]:
    """(hour, minute) of 07:00 or 7am / 7:30pm; 12am is midnight and 12pm noon, as on a clock."""
    if minute_text is None and half is None:
        raise InvalidInput(f"schedule {spec!r}: write the time as 07:00 or 7am; {EXAMPLES}")
    hour, minute = int(hour_text), int(minute_text or 0)
    if half is not None:
        if not 1 <= hour <= 12:
            raise InvalidInput(f"schedule {spec!r}: {hour}{half} is not a time of day; {EXAMPLES}")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"schedule {spec!r}: {hour}:{minute:02d} is not a time of day; {EXAMPLES}")
    return hour, minute


def check_cron(cron: str, spec: str = "") -> str:
    try:
        CronSim(cron, datetime(2000, 1, 1, tzinfo=UTC))
    except CronSimError as exc:
        raise InvalidInput(f"schedule {spec or cron!r} is not valid cron ({exc}); {EXAMPLES}") from exc
    return cron


# Names that are valid zones but not a place's clock: the fixed ones (EST is UTC-5 all year, so a
# New York list would run an hour late all summer) and the old US/European rule names.
_LEGACY_ZONES = {
    "EST": "America/New_York", "MST": "America/Denver", "HST": "Pacific/Honolulu",
    "EST5EDT": "America/New_York", "CST6CDT": "America/Chicago", "MST7MDT": "America/Denver",
    "PST8PDT": "America/Los_Angeles", "CET": "Europe/Paris", "EET": "Europe/Athens", "WET": "Europe/Lisbon",
}  # fmt: skip
# Abbreviations people type that are no zone at all.
_ABBREVIATIONS = {
    "EDT": "America/New_York", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MDT": "America/Denver", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "BST": "Europe/London", "CEST": "Europe/Paris", "EEST": "Europe/Athens",
}  # fmt: skip


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        guess = _closest_zone(name)
        hint = f"did you mean {guess}?" if guess else "use an IANA name such as Europe/Istanbul or UTC"
        raise InvalidInput(f"time zone {name!r} is unknown: {hint}") from exc


def zone_warning(name: str) -> str:
    """A sentence when a valid zone is probably not what the operator meant ("" when it is fine)."""
    city = _LEGACY_ZONES.get(name.strip())
    if city is None:
        return ""
    offset = ZoneInfo(name).utcoffset(datetime(2025, 1, 15))
    fixed = offset is not None and offset == ZoneInfo(name).utcoffset(datetime(2025, 7, 15))
    kind = "a fixed offset from UTC, without daylight saving" if fixed else "an old rule-based name"
    return f"time zone {name} is {kind}; for the local clock of that region use {city}"


def _closest_zone(name: str) -> str:
    text = name.strip()
    if text.upper() in _ABBREVIATIONS:
        return _ABBREVIATIONS[text.upper()]
    by_lower = _zones_by_lower()
    if text.lower() in by_lower:
        return by_lower[text.lower()]
    found = difflib.get_close_matches(text.lower(), list(by_lower), n=1, cutoff=0.8)
    return by_lower[found[0]] if found else ""


@cache
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def describe(cron: str) -> str:
    return str(get_description(cron))


def runs_after(cron: str, tz: str, after: datetime) -> Iterator[datetime]:
    """Run times strictly after `after`, as aware datetimes in the list's zone."""
    start = after.astimezone(zone(tz)).replace(microsecond=0)
    for moment in CronSim(cron, start):
        if moment > after:
            yield moment


def next_runs(cron: str, tz: str, now: datetime, count: int = 5) -> list[datetime]:
    return list(islice(runs_after(cron, tz, now), count))


def due_slots(cron: str, tz: str, after: datetime, now: datetime, limit: int = 1000) -> list[datetime]:
    """Slots in (after, now]: normally none or one; several after downtime."""
    slots: list[datetime] = []
    for moment in runs_after(cron, tz, after):
        if moment > now or len(slots) >= limit:
            break
        slots.append(moment)
    return slots


def slot_to_build(slots: list[datetime], now: datetime, catch_up: str) -> datetime | None:
    """Which of the due slots to build, if any.

    Missed slots collapse into one issue, built for the latest of them ("one"), so a day of downtime
    gives one issue, not a burst. With "none", a slot missed by more than the grace is dropped.
    """
    if not slots:
        return None
    latest = slots[-1]
    if catch_up == "none" and now - latest > CATCH_UP_GRACE:
        return None
    return latest
