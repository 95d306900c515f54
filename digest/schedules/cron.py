"""Schedule maths, pure: specs to cron, next runs, due slots, from (schedule, now, zone).

Cron is evaluated in the list's own zone with cronsim, which treats daylight-saving changes the way
Debian's cron does: a time that does not exist (spring forward) runs at the first minute after the
gap, and a time that exists twice (fall back) runs once. So a change of clocks neither skips nor doubles
an issue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cron_descriptor import get_description
from cronsim import CronSim, CronSimError

from digest.errors import InvalidInput

EXAMPLES = "e.g. 'daily 07:00', 'weekdays 07:00', 'weekly sun 18:00', 'monthly 1 09:00' or '0 7 * * 1-5'"
_DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 0}
_TIME = r"(?P<h>\d{1,2}):(?P<m>\d{2})"
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
            hour, minute = int(parts["h"]), int(parts["m"])
            if hour > 23 or minute > 59:
                raise InvalidInput(f"schedule {spec!r}: {hour}:{minute:02d} is not a time of day; {EXAMPLES}")
            day = _DAYS[parts["d"]] if parts.get("d") else ""
            cron = template.format(m=minute, h=hour, d=day, dom=parts.get("dom", ""))
            return check_cron(cron, spec)
    if len(text.split()) != 5:
        raise InvalidInput(f"schedule {spec!r} is neither a friendly form nor 5 cron fields; {EXAMPLES}")
    return check_cron(text, spec)


def check_cron(cron: str, spec: str = "") -> str:
    try:
        CronSim(cron, datetime(2000, 1, 1, tzinfo=UTC))
    except CronSimError as exc:
        raise InvalidInput(f"schedule {spec or cron!r} is not valid cron ({exc}); {EXAMPLES}") from exc
    return cron


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"time zone {name!r} is unknown: use an IANA name such as Europe/Istanbul or UTC"
        ) from exc


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
