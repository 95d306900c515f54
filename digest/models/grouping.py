"""How a list arranges an issue's articles, beside the other domain objects (digest.models) only to
keep each module short."""

from __future__ import annotations

from enum import StrEnum


class Grouping(StrEnum):
    """NONE: one run of articles, newest first; FEED: under a heading per feed (digest/issues/groups.py)."""

    NONE = "none"
    FEED = "feed"
