"""Which articles go into an issue, in what order, within the edition's limits (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from digest.models import Article


@dataclass(frozen=True)
class Limits:
    max_articles: int = 30
    max_per_feed: int = 10  # one prolific feed must not crowd out the others
    max_age_hours: int = 0  # 0: no limit; else older articles (by publication date) are left out


def select_articles(
    candidates: Iterable[Article], now: datetime, limits: Limits | None = None
) -> list[Article]:
    """Newest first, each article once (the same story reached through two feeds is one article)."""
    limits = limits or Limits()
    unique = {article.id: article for article in candidates}
    ordered = sorted(unique.values(), key=lambda a: (a.sort_time, a.id), reverse=True)
    oldest = now - timedelta(hours=limits.max_age_hours) if limits.max_age_hours else None
    per_feed: Counter[str] = Counter()
    chosen = []
    for article in ordered:
        if oldest and article.sort_time < oldest:
            continue
        if per_feed[article.feed_id] >= limits.max_per_feed:
            continue
        per_feed[article.feed_id] += 1
        chosen.append(article)
        if len(chosen) >= limits.max_articles:
            break
    return chosen
