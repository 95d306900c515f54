"""One grammar for the spans an operator types: '90s', '30m', '12h', '7d', '2w'.

Every flag that takes a span reads it here (`feeds add --every`, `schedule set --max-age`,
`articles list --since`), so '7d' means the same thing under every flag and a new unit is added in
one regex. The flags differ only in what a bare number means, the least they take and the unit
they count in; each flag's `Reading` below says so, side by side, where the differences can be seen.

Why in schedules/: it is where the house does its time arithmetic (cron.py beside it), and every
reader can import it: the CLI from above, admin (`articles list --since`) from the same layer,
whose ':' lets siblings import each other. The base layer (config, models, errors, addresses) is
lower still, but it admits no new top-level module and holds settings and shared types, not the
operator's input. Pure like cron.py: an import contract keeps both free of Redis and HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.errors import InvalidInput

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}
UNIT_NAMES = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
DURATION = re.compile(r"\s*(\d+)\s*([smhdw]?)\s*")


@dataclass(frozen=True)
class Reading:
    """How one flag reads the grammar; its errors name the value the way the flag's help does."""

    name: str  # what an error calls the value: "interval", "max age"
    examples: str  # good values, shown when a value does not parse
    bare: str | None  # the unit of a bare number; None: a bare number is not a span
    minimum: int = 0  # seconds
    too_short: str = ""  # the advice given with a value under the minimum
    counted_in: str = "s"  # the unit of the answer; a span must be a whole number of them


# Seconds, like DIGEST_POLL_INTERVAL; polling a publisher more than once a minute is rude.
POLL_INTERVAL = Reading("interval", "'30m', '2h' or '1d'", bare="s", minimum=60, too_short="poll less often")
# Kept in hours (a schedule's max_age_hours); a bare number is days, as `--max-age 2` has always meant.
MAX_AGE = Reading("max age", "'7d' or '36h'", bare="d", counted_in="h")
# How long a draft waits for its editors (`lists update --review-timeout`); short spans serve tests.
REVIEW_TIMEOUT = Reading("review timeout", "'6h', '30m' or '2d'", bare=None, minimum=5)
# A bare number after --since is a date (20240501), so an age there must carry its unit.
SINCE = Reading("age", "'90m', '12h', '7d' or '2w'", bare=None)


def parse_duration(text: str, reading: Reading) -> int:
    """`text` as a whole number of `reading.counted_in`; InvalidInput, in the flag's words, if not."""
    match = DURATION.fullmatch(text.lower())
    unit = (match.group(2) or reading.bare) if match else None
    if match is None or unit is None:
        raise InvalidInput(f"{reading.name} {text!r} is not like {reading.examples}")
    seconds = int(match.group(1)) * SECONDS[unit]
    if seconds < reading.minimum:
        advice = f": {reading.too_short}" if reading.too_short else ""
        raise InvalidInput(f"{reading.name} {text!r} is shorter than {reading.minimum} s{advice}")
    whole, rest = divmod(seconds, SECONDS[reading.counted_in])
    if rest:
        raise InvalidInput(
            f"{reading.name} {text!r} is not a whole number of {UNIT_NAMES[reading.counted_in]}"
        )
    return whole
