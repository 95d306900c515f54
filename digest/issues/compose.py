"""Which articles go into an issue, in what order, within the edition's limits (pure).

What a limit leaves out is counted and said wherever the limit applies (`articles list`, the preview,
`issue show`): the next issue starts where this one ends, so an article left out is never sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from digest.models import Article


@dataclass(frozen=True)
class Limits:
    max_articles: int = 30
    max_per_feed: int = 10  # one prolific feed must not crowd out the others
    max_age_hours: int = 0  # 0: no limit; else older articles (by publication date) are left out


@dataclass(frozen=True)
class Selection:
    """The chosen articles, and how many each limit left out, keyed by the flag that sets it."""

    articles: list[Article]
    left_out: dict[str, int] = field(default_factory=dict)


def _age_flag(hours: int) -> str:
    return f"--max-age {hours // 24}d" if hours % 24 == 0 else f"--max-age {hours}h"


def select(candidates: Iterable[Article], now: datetime, limits: Limits | None = None) -> Selection:
    """Newest first, each article once (the same story reached through two feeds is one article).

    An article left out is counted under the first limit that excludes it: too old, past its feed's
    share, or past the issue's size.
    """
    limits = limits or Limits()
    unique = {article.id: article for article in candidates}
    ordered = sorted(unique.values(), key=lambda a: (a.sort_time, a.id), reverse=True)
    oldest = now - timedelta(hours=limits.max_age_hours) if limits.max_age_hours else None
    per_feed: Counter[str] = Counter()
    left_out: Counter[str] = Counter()
    chosen: list[Article] = []
    for article in ordered:
        if oldest and article.sort_time < oldest:
            left_out[_age_flag(limits.max_age_hours)] += 1
            continue
        per_feed[article.feed_id] += 1
        if per_feed[article.feed_id] > limits.max_per_feed:
            left_out[f"--max-per-feed {limits.max_per_feed}"] += 1
        elif len(chosen) >= limits.max_articles:
            left_out[f"--max-articles {limits.max_articles}"] += 1
        else:
            chosen.append(article)
    return Selection(chosen, dict(left_out))


def select_articles(
    candidates: Iterable[Article], now: datetime, limits: Limits | None = None
) -> list[Article]:
    return select(candidates, now, limits).articles


def describe_left_out(left_out: Mapping[str, int]) -> str:
    """'90 left out by --max-articles 30', or '7 left out: 5 by --max-articles 5, 2 by --max-per-feed
    10'; "" when nothing was."""
    counts = {flag: n for flag, n in left_out.items() if n}
    if not counts:
        return ""
    total = sum(counts.values())
    if len(counts) == 1:
        ((flag, n),) = counts.items()
        return f"{n} left out by {flag}"
    return f"{total} left out: " + ", ".join(f"{n} by {flag}" for flag, n in counts.items())
