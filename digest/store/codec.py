"""Field encodings shared by the repositories: times as epoch seconds, lists as JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def ts(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.timestamp():.6f}"


def dt(raw: str | None) -> datetime | None:
    return datetime.fromtimestamp(float(raw), UTC) if raw else None


def req_dt(raw: str | None) -> datetime:
    moment = dt(raw)
    if moment is None:
        raise ValueError("missing timestamp in a stored record")
    return moment


def dump_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)


def load_list(raw: str | None) -> list[str]:
    if not raw:
        return []
    value = json.loads(raw)
    return [str(item) for item in value]


# A schedule's and an issue's edition keep the field name they were first stored under (before the word
# "edition" replaced "cadence" in the code), so data written by earlier versions reads the same.
STORED_EDITION = "cadence"
