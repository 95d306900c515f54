"""What the operators' page (/admin/LIST) shows: the list's stats over a window and the reports of
its last issues, read by the same code as `digest stats` and `digest issue report`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from digest.admin.report import IssueReport
from digest.admin.reporting import read_issue_report
from digest.admin.stats import Stats, read_stats
from digest.store import Store

# Each report reads its issue's recipients once (who left after it): a few issues keep the page quick
# on a large list; `digest issue report` reads any other.
LAST_ISSUES = 3


@dataclass(frozen=True)
class Dashboard:
    slug: str
    name: str
    stats: Stats
    reports: list[IssueReport]  # the last issues that went out, newest first


def read_dashboard(store: Store, slug: str, since: datetime, now: datetime) -> Dashboard:
    mailing_list = store.lists.get(slug)  # NotFound names the list
    stats = read_stats(store, mailing_list.slug, since, now)
    reports: list[IssueReport] = []
    for number in reversed(store.issues.numbers(mailing_list.slug)):
        if len(reports) == LAST_ISSUES:
            break
        if store.issues.timings(mailing_list.slug, number)["started_at"] is not None:
            reports.append(read_issue_report(store, mailing_list.slug, number))
    return Dashboard(mailing_list.slug, mailing_list.name, stats, reports)
