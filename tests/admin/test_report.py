"""The report's maths: people per kind in, rates and clicks per article (in the issue's order) out."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.admin.report import issue_report
from digest.models import Article

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def article(n: int, url: str) -> Article:
    return Article(f"a{n}", "f", url, f"Title {n}", "Source", NOW, ["One."], "ranked")


def report(clicks: dict[str, int], delivered: int = 8):  # type: ignore[no-untyped-def]
    articles = [article(1, "https://x.example/one"), article(2, "https://x.example/two?p=1")]
    return issue_report(
        issue="morning-1", subject="S", recipients=10, sent=10, unsubscribed=1, articles=articles,
        people={"delivered": delivered, "bounce": 1, "bounce-soft": 1, "open": 6, "click": 3},
        clicks=clicks,
    )  # fmt: skip


def test_clicks_land_on_their_article_in_the_issues_order_whatever_utm_tags_they_carry() -> None:
    found = report({"https://x.example/two?p=1&utm_source=m&utm_medium=email&utm_campaign=m-1": 2,
                    "https://x.example/one": 1, "https://x.example/unknown": 4})  # fmt: skip
    assert [(a.position, a.clicks, a.click_rate) for a in found.articles] == [(1, 1, 0.125), (2, 2, 0.25)]
    assert found.other_clicks == 4


def test_rates_are_of_what_was_delivered_and_absent_when_nothing_was() -> None:
    found = report({}, delivered=8)
    assert (found.delivery_rate, found.open_rate, found.click_rate) == (0.8, 0.75, 0.375)
    nothing = report({"https://x.example/one": 1}, delivered=0)
    assert nothing.open_rate is None and nothing.articles[0].click_rate is None
