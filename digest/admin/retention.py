"""Retention: what `digest prune` (and beat, daily) deletes, kind by kind, and what it never touches.

A store that lives in RAM cannot keep every delivery record for ever. Each kind has its own age
(digest.config.Retention); the rules that keep a prune safe are here and only here:
- an issue's records go only once its send is over (sent, cancelled, dropped): never while it is a
  draft, queued, sending or paused, and the status is looked at again inside Redis as they go;
- the counts reports read (per-state and per-event counters, failure reasons, the recipient count,
  unique people per event kind, who left after it) live in the issue's own hash, which stays, as
  does the issue itself (its archive page); the last two are settled there before their sets go;
- an article stays while any issue names it, or a dropped draft gave it back;
- entry identities stay while any list reads their feed: they are what keeps old articles from
  coming back as new.
A second run finds nothing more to do; `dry_run` measures the same things and deletes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from digest.admin.reporting import unsubscribed_after
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
    """The kinds of one settled issue that are old enough and not pruned yet, measured in one round
    trip, then unlinked together (and noted on the issue, so later runs skip them)."""
    k, slug, n = store.keys, issue.slug, issue.number
    by_kind = {
        "deliveries": [(k.issue_deliveries(slug, n), "hash"), (k.issue_unconfirmed(slug, n), "set")],
        # Who clicked which URL only keeps a repeated click from counting twice, and the unique people
        # per kind are counted in the issue's hash (settled below): reports read the counts, not the sets.
        "events": [
            (k.issue_events(slug, n), "hash"),
            (k.issue_clickers(slug, n), "set"),
            *((name, "set") for name in store.engagement.people_sets(slug, n)),
        ],
        "snapshots": [(k.issue_recipients(slug, n), "zset"), (k.issue_audience(slug, n), "zset")],
    }
    due = [
        kind
        for kind in by_kind
        if kind not in issue.pruned
        and getattr(retention, kind)
        and issue.settled_at < now - getattr(retention, kind) * DAY
    ]
    if not due:
        return
    names = [pair for kind in due for pair in by_kind[kind]]
    measured = iter(store.retention.measure_each(names))
    tallies: dict[str, Tally] = {}
    for kind in due:
        parts = [next(measured) for _ in by_kind[kind]]
        tallies[kind] = Tally(
            items=parts[0].items, keys=sum(p.keys for p in parts), bytes=sum(p.bytes for p in parts)
        )
    if not dry_run and {"events", "snapshots"} & set(due):
        # The report's unsubscribed count reads the snapshot and the unsubscribe set: kept first.
        store.engagement.settle(slug, n, unsubscribed=unsubscribed_after(store, slug, n))
    if dry_run or store.retention.unlink_if_settled(
        issue, [name for name, _type in names], SETTLED, issue.pruned | set(due)
    ):
        for kind, tally in tallies.items():
            report.kinds[kind].add(tally)
