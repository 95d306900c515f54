"""Which articles a list has collected, for `articles list`."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from digest.errors import InvalidInput
from digest.issues.build import articles_between, pending_articles
from digest.issues.compose import Limits
from digest.models import Article
from digest.store import Store

_RELATIVE = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime) -> datetime:
    """An ISO date or time (UTC unless it says otherwise), or an age such as 90m, 12h, 7d, 2w."""
    value = text.strip().lower()
    relative = _RELATIVE.match(value)
    if relative:
        return now - timedelta(**{_UNITS[relative.group(2)]: int(relative.group(1))})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"--since {text!r} is not a time: write e.g. 2024-05-01, 2024-05-01T08:00 or 7d, 12h"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def list_articles(store: Store, slug: str, now: datetime, since: datetime | None = None) -> list[Article]:
    """Without `since`: what the next issue would hold. With it: everything first seen since then."""
    store.lists.get(slug)
    if since is None:
        return pending_articles(store, slug, now)
    everything = Limits(max_articles=1_000_000, max_per_feed=1_000_000)
    return articles_between(store, slug, since, now, everything)
