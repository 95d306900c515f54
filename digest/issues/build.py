"""The issue use cases: what is pending, preview, build. Pure steps wired to the adapters they are handed.

Collecting feeds lives in digest.collect.collector (one feed) and digest.collect.poller (many at once).

Celery tasks, the CLI and the demo call these; nothing here knows which of them is calling.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from digest.errors import DigestError
from digest.issues import editions
from digest.issues.compose import Limits, Selection, select
from digest.issues.render import render_issue
from digest.models import Article, Feed, Grouping, Issue, IssueStatus, MailingList, RenderedIssue
from digest.store import Store
from digest.store.issues import issue_id

log = logging.getLogger(__name__)
BUILD_LOCK_SECONDS = 300


@dataclass(frozen=True)
class Edition:
    """Which edition of a list an issue is for: its name ("" for a list without schedules) and limits."""

    name: str = ""
    limits: Limits = field(default_factory=Limits)


def edition_for(store: Store, slug: str, edition: str | None = None) -> Edition:
    """The named edition, or the list's default one (its first schedule); "" for a list without any."""
    schedules = store.schedules.for_list(slug)
    if edition is None:
        if not schedules:
            return Edition()
        edition = schedules[0].edition
    if not edition:
        return Edition()
    schedule = store.schedules.get(slug, edition)
    limits = Limits(schedule.max_articles, schedule.max_per_feed, schedule.max_age_hours)
    return Edition(name=edition, limits=limits)


def window_start(store: Store, slug: str, edition: str) -> datetime | None:
    """End of the previous issue's window for this edition; None before its first issue."""
    return store.schedules.cutoff(slug, edition) if edition else store.lists.last_cutoff(slug)


def pending_articles(
    store: Store, slug: str, until: datetime, edition: Edition | None = None
) -> list[Article]:
    """What the edition's next issue would hold: articles first seen since its last cut-off."""
    return pending_selection(store, slug, until, edition).articles


def pending_selection(store: Store, slug: str, until: datetime, edition: Edition | None = None) -> Selection:
    """The edition's next issue, and what its limits leave out."""
    edition = edition or edition_for(store, slug)
    start = window_start(store, slug, edition.name)
    returned = store.review.returned(slug, edition.name)
    return selection_between(store, slug, start, until, edition.limits, also=returned)


def articles_between(
    store: Store,
    slug: str,
    after: datetime | None,
    until: datetime,
    limits: Limits,
    *,
    also: list[str] | None = None,
) -> list[Article]:
    """The list's articles first seen in (after, until], chosen within the limits; `also` adds the
    articles a dropped draft gave back (first seen in an earlier window)."""
    return selection_between(store, slug, after, until, limits, also=also).articles


def selection_between(
    store: Store,
    slug: str,
    after: datetime | None,
    until: datetime,
    limits: Limits,
    *,
    also: list[str] | None = None,
) -> Selection:
    """As articles_between, with how many the limits left out."""
    ids: list[str] = list(also or [])
    for feed_id in store.feeds.ids_for_list(slug):
        ids += store.feeds.article_ids_between(feed_id, after, until)
    return select(store.articles.get_many(list(dict.fromkeys(ids))), until, limits)


def grouping_feeds(store: Store, mailing_list: MailingList) -> list[Feed]:
    """The list's feeds, in the order its issue shows their groups; none read when it does not group."""
    if mailing_list.group_by is not Grouping.FEED:
        return []
    return store.feeds.get_many(store.feeds.ids_for_list(mailing_list.slug))


def has_audience(store: Store, slug: str) -> bool:
    """Whether anyone would receive the list's next issue. An issue built for nobody still spends its
    articles (the next window starts after them), so people who join later would never get them."""
    return store.subscribers.count_active(slug) > 0


@dataclass(frozen=True)
class Preview:
    issue: Issue
    rendered: RenderedIssue
    left_out: dict[str, int] = field(default_factory=dict)


def preview_issue(
    store: Store,
    slug: str,
    now: datetime,
    *,
    templates_dir: Path | None = None,
    archive_url: str = "",
    edition: str | None = None,
    banner: Sequence[str] = (),
) -> Preview | None:
    """The next issue as it would be rendered, without storing anything; None when nothing is new
    (`banner`: a test copy's)."""
    store.lists.get(slug)
    chosen = edition_for(store, slug, edition)
    selection = pending_selection(store, slug, now, chosen)
    if not selection.articles:
        return None
    return render_preview(
        store, slug, now, selection.articles, templates_dir=templates_dir, archive_url=archive_url,
        edition=chosen.name, left_out=selection.left_out, banner=banner,
    )  # fmt: skip


def render_preview(
    store: Store,
    slug: str,
    now: datetime,
    articles: list[Article],
    *,
    templates_dir: Path | None = None,
    archive_url: str = "",
    edition: str = "",
    left_out: dict[str, int] | None = None,
    banner: Sequence[str] = (),
) -> Preview:
    """These articles rendered as the list's next issue would be, without storing anything."""
    mailing_list = store.lists.get(slug)
    number = len(store.issues.numbers(slug)) + 1
    issue = _new_issue(mailing_list.slug, mailing_list.name, number, now, articles, edition)
    rendered = render_issue(
        mailing_list, issue, articles, templates_dir=templates_dir, archive_url=archive_url, banner=banner,
        feeds=grouping_feeds(store, mailing_list),
    )  # fmt: skip
    return Preview(dataclasses.replace(issue, subject=rendered.subject), rendered, left_out or {})


def build_issues(
    store: Store,
    slug: str,
    now: datetime,
    *,
    templates_dir: Path | None = None,
    archive_url: str = "",
    edition: str | None = None,
) -> list[Issue]:
    """Compose, render once and store the edition's next issue, plus a bridge issue for each group of
    subscribers who switched to this edition since their last one; empty when nothing is new.

    A lock in Redis keeps two workers (or a worker and the CLI) from building at once. The window ends
    now and the next one starts here, so windows never overlap nor leave a gap.
    """
    mailing_list = store.lists.get(slug)
    chosen = edition_for(store, slug, edition)
    lock = store.redis.lock(store.keys.list_build_lock(slug), timeout=BUILD_LOCK_SECONDS, blocking_timeout=30)
    if not lock.acquire():
        raise DigestError(f"another process is building an issue of {slug!r}; try again in a minute")
    try:
        start = window_start(store, slug, chosen.name)
        plan = editions.plan_audience(store, slug, chosen.name, start)
        built = []
        returned = store.review.returned(slug, chosen.name)
        selection = selection_between(store, slug, start, now, chosen.limits, also=returned)
        if selection.articles:
            issue = _store_issue(
                store, mailing_list, now, selection.articles, chosen.name, templates_dir, archive_url
            )
            store.issues.set_left_out(slug, issue.number, selection.left_out)
            store.review.clear_returned(slug, chosen.name, returned)
            if chosen.name:
                editions.fix_audience(store, issue, plan)
                store.schedules.set_cutoff(slug, chosen.name, now)
            else:
                store.lists.set_last_cutoff(slug, now)
            built.append(issue)
        for cursor, subscriber_ids in plan.bridged.items():
            missed = articles_between(store, slug, cursor, now, chosen.limits)
            if missed:
                issue = _store_issue(
                    store,
                    mailing_list,
                    now,
                    missed,
                    chosen.name,
                    templates_dir,
                    archive_url,
                    catch_up=True,
                )
                store.editions.write_explicit_audience(slug, issue.number, subscriber_ids)
                built.append(issue)
        if built:
            store.editions.clear_bridges(slug, plan.switched)
        return built
    finally:
        lock.release()


def build_issue(
    store: Store, slug: str, now: datetime, *, templates_dir: Path | None = None, archive_url: str = ""
) -> Issue | None:
    """The next issue of a list without editions (or of its default one); None when nothing is new."""
    built = build_issues(store, slug, now, templates_dir=templates_dir, archive_url=archive_url)
    return built[0] if built else None


def _store_issue(
    store: Store,
    mailing_list: MailingList,
    now: datetime,
    articles: list[Article],
    edition: str,
    templates_dir: Path | None,
    archive_url: str,
    *,
    catch_up: bool = False,
) -> Issue:
    number = store.issues.next_number(mailing_list.slug)
    issue = _new_issue(mailing_list.slug, mailing_list.name, number, now, articles, edition)
    review = store.review.policy(mailing_list.slug)
    # Under review every build is a draft, held until an editor approves it or its time runs out.
    status = IssueStatus.DRAFT if review.enabled else IssueStatus.QUEUED
    issue = dataclasses.replace(issue, catch_up=catch_up, status=status)
    rendered = render_issue(
        mailing_list, issue, articles, templates_dir=templates_dir, archive_url=archive_url,
        feeds=grouping_feeds(store, mailing_list),
    )  # fmt: skip
    issue = dataclasses.replace(issue, subject=rendered.subject)
    store.issues.create(issue, rendered)
    if review.enabled:
        store.review.hold(mailing_list.slug, number, now + timedelta(seconds=review.timeout_seconds))
    return issue


def _new_issue(
    slug: str, name: str, number: int, now: datetime, articles: list[Article], edition: str
) -> Issue:
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
        edition=edition,
    )
