"""Render an issue with its list's own templates, falling back to the default set: a send never dies
on a template. The set was checked when it was stored, but it runs again on every build with new
articles (and under a newer renderer), so each render is checked for the parts the sender relies on."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digest.issues import templatenotices, templatesets
from digest.issues.isolation import compile_set, render_isolated
from digest.issues.render import render_issue
from digest.issues.templatecheck import describe_error, missing_parts
from digest.models import Article, Feed, Grouping, Issue, MailingList, RenderedIssue
from digest.models.templates import TemplateSet
from digest.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListRender:
    rendered: RenderedIssue
    fallback: str = ""  # why the list's own templates gave way to the default ones; '' when they did not


def grouping_feeds(store: Store, mailing_list: MailingList) -> list[Feed]:
    """The list's feeds, in the order its issue shows their groups; none read when it does not group."""
    if mailing_list.group_by is not Grouping.FEED:
        return []
    return store.feeds.get_many(store.feeds.ids_for_list(mailing_list.slug))


def render_for_list(
    store: Store,
    mailing_list: MailingList,
    issue: Issue,
    articles: Sequence[Article],
    *,
    templates_dir: Path | None = None,
    archive_url: str = "",
    banner: Sequence[str] = (),
) -> ListRender:
    """The issue rendered with the list's own set when it has one and it renders whole, else the
    default set, with the reason (logged, and recorded on the issue by the caller)."""
    own = store.templates.get(mailing_list.slug)

    feeds = grouping_feeds(store, mailing_list)

    def render(chosen: TemplateSet | None) -> RenderedIssue:
        return render_issue(
            mailing_list,
            issue,
            articles,
            templates_dir=templates_dir,
            archive_url=archive_url,
            banner=banner,
            feeds=feeds,
            template_set=chosen,
        )

    if own is None:
        return ListRender(render(None))
    try:
        compile_set(own, templates_dir, names=templatesets.DIGEST_NAMES)
        rendered = render_isolated(lambda: render(own), describe_error)
        problems = missing_parts(rendered, mailing_list)
    except Exception as exc:  # whatever a template raises, the default set sends the issue
        problems = [describe_error(exc)]
    if not problems:
        return ListRender(rendered)
    why = f"the list's templates (version {own.version}) were not used: {problems[0]}"
    log.warning("issue %s of %s: %s; the default templates went out", issue.number, mailing_list.slug, why)
    return ListRender(render(None), why)


def render_notice_for_list(
    store: Store, mailing_list: MailingList, kind: str, values: dict[str, str], *, isolated: bool = True
) -> RenderedIssue:
    """The list's own email of this kind when its set carries one and it renders whole, else the
    default email, the reason logged and counted on the list's set (`lists show`).

    `isolated` renders in the bounded child as the digest does; the confirmation passes False: it is
    rendered in the web process, where a fork costs 10-20 ms of wall and ~5 ms of CPU, some 20 times
    the sandboxed render (tests/benchmarks/bench_notice_templates.py), and forking beside the
    mail-room's threads could copy a lock another thread holds. The sandbox's budget bounds it there."""
    own = store.templates.get(mailing_list.slug)
    if not templatesets.has_notice(own, kind):
        return templatenotices.render_notice(kind, mailing_list, values)
    assert own is not None  # has_notice says so; mypy cannot see it

    def render() -> RenderedIssue:
        return templatenotices.render_notice(kind, mailing_list, values, template_set=own)

    try:
        compile_set(own, names=templatesets.notice_names(kind))
        rendered = render_isolated(render, describe_error) if isolated else render()
        problems = templatenotices.missing_notice_parts(kind, rendered, mailing_list, values)
    except Exception as exc:  # whatever a template raises, the default email goes out
        problems = [describe_error(exc)]
    if not problems:
        return rendered
    why = f"the list's {kind} email (templates version {own.version}) was not used: {problems[0]}"
    log.warning("list %s: %s; the default %s email went out", mailing_list.slug, why, kind)
    store.templates.note_fallback(mailing_list.slug, why)
    return templatenotices.render_notice(kind, mailing_list, values)
