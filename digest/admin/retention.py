"""Retention: what `digest prune` (and beat, daily) deletes, kind by kind, and what it never touches.

A store that lives in RAM cannot keep every delivery record for ever. Each kind has its own age
(digest.config.Retention); the rules that keep a prune safe are here and only here:
- an issue's records go only once its send is over (sent, cancelled, dropped): never while it is a
  draft, queued, sending or paused, and the status is looked at again inside Redis as they go;
- the counts reports read (per-state and per-event counters, failure reasons, the recipient count)
  live in the issue's own hash, which stays, as does the issue itself (its archive page);
- an article stays while any issue names it, or a dropped draft gave it back;
- entry identities stay while any list reads their feed: they are what keeps old articles from
  coming back as new.
A second run finds nothing more to do; `dry_run` measures the same things and deletes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from digest.config import Retention
from digest.models import IssueStatus
from digest.store import Store
from digest.store.retention import IssueAge, Tally

DAY = 86400
SETTLED = (IssueStatus.SENT.value, IssueStatus.CANCELLED.value, IssueStatus.DROPPED.value)
KINDS = ("deliveries", "events", "snapshots", "articles", "identities", "throttles")


@dataclass
class PruneReport:
    dry_run: bool
    kinds: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.kinds.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "kinds": {kind: asdict(tally) for kind, tally in self.kinds.items()},
            "bytes": self.bytes,
        }


def prune(store: Store, retention: Retention, now: datetime, *, dry_run: bool = False) -> PruneReport:
    report = PruneReport(dry_run)
    keep: set[str] = set()
    editions: set[tuple[str, str]] = set()
    for issue in store.retention.issues():
        keep.update(issue.article_ids)
        editions.add((issue.slug, issue.edition))
        if issue.status in SETTLED:
            _prune_issue(store, retention, issue, now.timestamp(), report, dry_run=dry_run)
    for slug, edition in editions:  # only a dropped draft gives articles back, and it is an issue
        keep.update(store.review.returned(slug, edition))
    if retention.articles:
        before = now.timestamp() - retention.articles * DAY
        report.kinds["articles"] = store.retention.prune_articles(before, keep, dry_run=dry_run)
    if retention.identities:
        before = now.timestamp() - retention.identities * DAY
        report.kinds["identities"] = store.retention.prune_unread_feeds(before, dry_run=dry_run)
    if retention.throttles:
        report.kinds["throttles"] = store.retention.prune_throttles(
            retention.throttles * DAY, dry_run=dry_run
        )
    return report


def _prune_issue(
    store: Store, retention: Retention, issue: IssueAge, now: float, report: PruneReport, *, dry_run: bool
) -> None:
    """The kinds of one settled issue that are old enough, each measured, then unlinked together."""
    k, slug, n = store.keys, issue.slug, issue.number
    by_kind = {
        "deliveries": [(k.issue_deliveries(slug, n), "hash"), (k.issue_unconfirmed(slug, n), "set")],
        "events": [(k.issue_events(slug, n), "hash")],
        "snapshots": [(k.issue_recipients(slug, n), "zset"), (k.issue_audience(slug, n), "zset")],
    }
    due: list[tuple[str, Tally]] = []
    for kind, keys in by_kind.items():
        days = getattr(retention, kind)
        if days and issue.settled_at < now - days * DAY:
            measured = store.retention.measure(keys[:1])
            rest = store.retention.measure(keys[1:])
            due.append((kind, Tally(items=measured.items, keys=measured.keys + rest.keys,
                                    bytes=measured.bytes + rest.bytes)))  # fmt: skip
    if not due or not any(t.keys for _, t in due):
        return
    names = [name for kind, _ in due for name, _type in by_kind[kind]]
    if dry_run or store.retention.unlink_if_settled(issue, names, SETTLED):
        for kind, tally in due:
            report.kinds[kind].add(tally)
