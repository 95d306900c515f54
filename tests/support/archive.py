"""Sent issues stored straight into Redis, for the archive's tests: numbered by day, each with a few
articles whose titles say which issue and place they have."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from digest.issues.render import render_issue
from digest.models import Article, Issue, IssueStatus, RenderedIssue
from digest.store import Store

FIRST_DAY = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)


def stored_issue(
    store: Store,
    day: int,
    *,
    articles: int = 2,
    status: IssueStatus = IssueStatus.SENT,
    catch_up: bool = False,
    slug: str = "morning",
    title: str = "Story {n} of issue {day}",
) -> Issue:
    """Issue number `day` of `slug`, out on the day-th day from FIRST_DAY."""
    when = FIRST_DAY + timedelta(days=day - 1)
    stored = [
        Article(f"{slug}-a{day}-{n}", "f1", f"https://example.com/{day}/{n}", title.format(n=n, day=day),
                "Example", when, [f"Highlight {n} of issue {day}."], "lead")
        for n in range(1, articles + 1)
    ]  # fmt: skip
    store.articles.save_many(stored)
    issue = Issue(f"{slug}-{day}", slug, "Morning Brief", day, f"Morning Brief #{day}", when, when,
                  [a.id for a in stored], status, catch_up=catch_up)  # fmt: skip
    store.issues.create(issue, RenderedIssue(issue.subject, "<p>html</p>", "text"))
    return issue


def sent_issue(store: Store, slug: str, number: int, articles: list[Article], archive_url: str) -> Issue:
    """Issue `number` of `slug` rendered as a send renders it (the list's branding and grouping as they
    are now) and stored as sent, for the archive's issue page."""
    mailing_list = store.lists.get(slug)
    when = FIRST_DAY + timedelta(days=number - 1)
    store.articles.save_many(articles)
    issue = Issue(f"{slug}-{number}", slug, mailing_list.name, number, "", when, when,
                  [a.id for a in articles], IssueStatus.SENT)  # fmt: skip
    rendered = render_issue(mailing_list, issue, articles, archive_url=archive_url)
    issue = replace(issue, subject=rendered.subject)
    store.issues.create(issue, rendered)
    return issue
