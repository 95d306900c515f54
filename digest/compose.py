"""Which articles go into an issue, in what order (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from digest.models import Article

MAX_ARTICLES = 30


def select_articles(candidates: Iterable[Article], *, max_articles: int = MAX_ARTICLES) -> list[Article]:
    """Newest first, each article once (the same story reached through two feeds is one article)."""
    unique = {article.id: article for article in candidates}
    ordered = sorted(unique.values(), key=lambda a: (a.sort_time, a.id), reverse=True)
    return ordered[:max_articles]
