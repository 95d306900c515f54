"""`digest issue report`: read one issue's counts from Redis and hand them to the pure maths (report.py).

"Unsubscribed from this issue" is everyone it went to who left the list after it went out and before
the list's next issue did (by a link in it, a provider unsubscribe, or the preferences page): the links
carry no issue, so the time window is what ties a departure to the issue that preceded it.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from digest.admin.report import KINDS, IssueReport, issue_report
from digest.models import SubscriberStatus
from digest.store import Store
from digest.store.issues import issue_id

PAGE = 1000  # recipients read per round trip


def read_issue_report(store: Store, slug: str, number: int) -> IssueReport:
    issue = store.issues.get(slug, number)  # NotFound names the issue and how to list them
    articles = store.articles.get_many(issue.article_ids)
    report = issue_report(
        issue=issue_id(slug, number),
        subject=issue.subject,
        recipients=issue.recipients,
        sent=store.issues.counts(slug, number).get("sent", 0),
        people=store.engagement.people(slug, number, KINDS),
        unsubscribed=unsubscribed_after(store, slug, number),
        articles=articles,
        clicks=store.engagement.clicks(slug, number),
    )
    fallback = store.issues.template_fallback(slug, number)
    return dataclasses.replace(report, template_fallback=fallback) if fallback else report


def unsubscribed_after(store: Store, slug: str, number: int) -> int:
    """The count a prune kept (its inputs, the snapshot and the unsubscribe set, may be gone), else
    worked out now."""
    kept = store.engagement.unsubscribed(slug, number)
    return kept if kept is not None else len(_left_after(store, slug, number))


def _left_after(store: Store, slug: str, number: int) -> set[str]:
    started = store.issues.timings(slug, number)["started_at"]
    left = store.engagement.members(slug, number, "unsubscribe")
    if started is None:
        return left
    until = _next_start(store, slug, number)
    start = 0
    while ids := store.issues.recipient_ids(slug, number, start, start + PAGE - 1):
        for sub in store.subscribers.subscriptions_of(slug, ids):
            gone = sub.status is SubscriberStatus.UNSUBSCRIBED and sub.since >= started
            if gone and (until is None or sub.since < until):
                left.add(sub.subscriber_id)
        start += PAGE
    return left


def _next_start(store: Store, slug: str, number: int) -> datetime | None:
    later = sorted(n for n in store.issues.numbers(slug) if n > number)
    for n in later:
        started = store.issues.timings(slug, n)["started_at"]
        if started is not None:
            return started
    return None
