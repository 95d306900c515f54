"""Which articles a list has collected, for `articles list`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digest.errors import InvalidInput
from digest.issues.build import pending_selection, selection_between
from digest.issues.compose import Limits, Selection
from digest.models import Article
from digest.schedules.durations import SINCE, parse_duration
from digest.store import Store


def parse_since(text: str, now: datetime) -> datetime:
    """An ISO date or time (UTC unless it says otherwise), or an age such as 90m, 12h, 7d, 2w
    (digest.schedules.durations: the grammar every span flag shares)."""
    try:
        age = parse_duration(text, SINCE)
    except InvalidInput:
        age = None  # not an age, so a date or a time (a bare number such as 20240501 is a date)
    try:
        moment = now - timedelta(seconds=age) if age is not None else datetime.fromisoformat(text.strip())
    except (ValueError, OverflowError):  # OverflowError: an age reaching back before the year 1
        raise InvalidInput(
            f"--since {text!r} is not a time: write e.g. 2024-05-01, 2024-05-01T08:00 or 7d, 12h"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def list_articles(store: Store, slug: str, now: datetime, since: datetime | None = None) -> list[Article]:
    """Without `since`: what the next issue would hold. With it: everything first seen since then."""
    return list_selection(store, slug, now, since).articles


def list_selection(store: Store, slug: str, now: datetime, since: datetime | None = None) -> Selection:
    """As list_articles, with how many the next issue's limits leave out (none with `since`)."""
    store.lists.get(slug)
    if since is None:
        return pending_selection(store, slug, now)
    everything = Limits(max_articles=1_000_000, max_per_feed=1_000_000)
    return selection_between(store, slug, since, now, everything)
