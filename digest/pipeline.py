"""The issue use cases: what is pending, preview, build. Pure steps wired to the adapters they are handed.

Collecting feeds lives in digest.collect (one feed) and digest.poller (many at once).

Celery tasks, the CLI and the demo call these; nothing here knows which of them is calling.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime
from pathlib import Path

from digest.compose import select_articles
from digest.errors import DigestError
from digest.models import Article, Issue, IssueStatus, RenderedIssue
from digest.render import render_issue
from digest.store import Store
from digest.store.issues import issue_id

log = logging.getLogger(__name__)
BUILD_LOCK_SECONDS = 300


def pending_articles(store: Store, slug: str, until: datetime) -> list[Article]:
    """What the list's next issue would hold: articles first seen since the last issue's cut-off."""
    after = store.lists.last_cutoff(slug)
    ids: list[str] = []
    for feed_id in store.feeds.ids_for_list(slug):
        ids += store.feeds.article_ids_between(feed_id, after, until)
    return select_articles(store.articles.get_many(ids))


def preview_issue(
    store: Store, slug: str, now: datetime, *, templates_dir: Path | None = None, archive_url: str = ""
) -> tuple[Issue, RenderedIssue] | None:
    """The next issue as it would be rendered, without storing anything."""
    mailing_list = store.lists.get(slug)
    articles = pending_articles(store, slug, now)
    if not articles:
        return None
    number = len(store.issues.numbers(slug)) + 1
    issue = _new_issue(mailing_list.slug, mailing_list.name, number, now, articles)
    rendered = render_issue(
        mailing_list, issue, articles, templates_dir=templates_dir, archive_url=archive_url
    )
    return dataclasses.replace(issue, subject=rendered.subject), rendered


def build_issue(
    store: Store, slug: str, now: datetime, *, templates_dir: Path | None = None, archive_url: str = ""
) -> Issue | None:
    """Compose, render once and store the next issue; None when nothing is new.

    A lock in Redis keeps two workers (or a worker and the CLI) from building the same issue.
    """
    mailing_list = store.lists.get(slug)
    lock = store.redis.lock(store.keys.list_build_lock(slug), timeout=BUILD_LOCK_SECONDS, blocking_timeout=30)
    if not lock.acquire():
        raise DigestError(f"another process is building an issue of {slug!r}; try again in a minute")
    try:
        articles = pending_articles(store, slug, now)
        if not articles:
            return None
        number = store.issues.next_number(slug)
        issue = _new_issue(mailing_list.slug, mailing_list.name, number, now, articles)
        rendered = render_issue(
            mailing_list, issue, articles, templates_dir=templates_dir, archive_url=archive_url
        )
        issue = dataclasses.replace(issue, subject=rendered.subject)
        store.issues.create(issue, rendered)
        store.lists.set_last_cutoff(slug, now)
        return issue
    finally:
        lock.release()


def _new_issue(slug: str, name: str, number: int, now: datetime, articles: list[Article]) -> Issue:
    return Issue(
        id=issue_id(slug, number),
        list_slug=slug,
        list_name=name,
        number=number,
        subject="",
        created_at=now,
        cutoff=now,
        article_ids=[a.id for a in articles],
        status=IssueStatus.QUEUED,
    )
