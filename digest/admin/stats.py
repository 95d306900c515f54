"""`digest stats`: read the issues and subscriptions of one list (or all) from Redis; the series are
computed by the pure series.py."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from digest.admin.series import IssueCounts, Week, weekly
from digest.store import Store
from digest.store.issues import issue_id

_KINDS = ("delivered", "bounce", "bounce-soft", "spamreport", "open", "click")


@dataclass(frozen=True)
class Stats:
    lists: list[str]
    since: datetime
    now: datetime
    subscribers: dict[str, int]  # by status, now
    issues: list[IssueCounts]  # in the order they went out
    weeks: list[Week]

    def as_dict(self) -> dict[str, Any]:
        return {
            "lists": self.lists,
            "since": self.since,
            "now": self.now,
            "subscribers": self.subscribers,
            "issues": [i.as_dict() for i in self.issues],
            "weeks": [w.as_dict() for w in self.weeks],
        }


def read_stats(store: Store, slug: str | None, since: datetime, now: datetime) -> Stats:
    slugs = [store.lists.get(slug).slug] if slug else sorted(store.lists.slugs())
    issues = sorted((c for s in slugs for c in _issues(store, s, since)), key=lambda c: (c.at, c.issue))
    subscribers: dict[str, int] = {}
    for s in slugs:
        for status, count in store.subscribers.counts(s).items():
            subscribers[status.value] = subscribers.get(status.value, 0) + count
    weeks = weekly(issues, _statuses(store, slugs, since), since, now)
    return Stats(slugs, since, now, subscribers, issues, weeks)


def _issues(store: Store, slug: str, since: datetime) -> Iterator[IssueCounts]:
    for number in store.issues.numbers(slug):
        started = store.issues.timings(slug, number)["started_at"]
        if started is None or started < since:
            continue  # never sent (a draft, a dropped one) or before the window
        issue = store.issues.get(slug, number)
        people = store.engagement.people(slug, number, _KINDS)
        yield IssueCounts(
            issue=issue_id(slug, number),
            list_slug=slug,
            at=started,
            recipients=issue.recipients,
            sent=store.issues.counts(slug, number).get("sent", 0),
            delivered=people["delivered"],
            bounced=people["bounce"] + people["bounce-soft"],
            complained=people["spamreport"],
            opens=people["open"],
            clicks=people["click"],
        )


def _statuses(store: Store, slugs: list[str], since: datetime) -> Iterator[tuple[str, datetime]]:
    """Each subscription's status and since when, streamed: a list of a million costs no memory."""
    for slug in slugs:
        for sub in store.subscribers.iter_subscriptions(slug):
            if sub.since >= since:
                yield sub.status.value, sub.since
