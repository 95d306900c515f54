"""Which articles an issue holds within its limits, and how many each limit left out (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digest.issues.compose import Limits, describe_left_out, select
from digest.models import Article

NOW = datetime(2025, 11, 3, 12, 0, tzinfo=UTC)


def article(n: int, feed: str = "f1", age_hours: int = 0) -> Article:
    return Article(
        id=f"{feed}-{n}",
        feed_id=feed,
        url=f"https://news.example/{feed}/{n}",
        title=f"Story {n}",
        source=feed,
        first_seen_at=NOW,
        highlights=[],
        highlight_method="none",
        published_at=NOW - timedelta(hours=age_hours, minutes=n),
    )


def test_what_the_issue_size_leaves_out_is_counted_under_its_flag() -> None:
    many = [article(n, feed=f"f{n % 12}") for n in range(120)]
    chosen = select(many, NOW, Limits(max_articles=30, max_per_feed=100))
    assert len(chosen.articles) == 30
    assert chosen.left_out == {"--max-articles 30": 90}
    assert describe_left_out(chosen.left_out) == "90 left out by --max-articles 30"


def test_each_article_left_out_counts_once_under_the_first_limit_that_excludes_it() -> None:
    candidates = [article(n) for n in range(12)] + [article(n, feed="old", age_hours=48) for n in range(3)]
    chosen = select(candidates, NOW, Limits(max_articles=5, max_per_feed=10, max_age_hours=24))
    assert [a.id for a in chosen.articles] == [f"f1-{n}" for n in range(5)]
    assert chosen.left_out == {"--max-articles 5": 5, "--max-per-feed 10": 2, "--max-age 1d": 3}
    assert describe_left_out(chosen.left_out) == (
        "10 left out: 5 by --max-articles 5, 2 by --max-per-feed 10, 3 by --max-age 1d"
    )


def test_nothing_left_out_says_nothing() -> None:
    chosen = select([article(n) for n in range(3)], NOW)
    assert len(chosen.articles) == 3 and chosen.left_out == {}
    assert describe_left_out(chosen.left_out) == ""
