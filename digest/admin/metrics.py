"""The figures behind GET /metrics, read from Redis at scrape time.

Every process (web, workers, the CLI's inline sends) already writes its counts into Redis: the
per-issue delivery counters kept by the record script and the per-issue event counters of the webhook.
Summing those stored totals gives one answer whichever process is scraped, with no per-process registry
to merge. Labels are bounded: a list slug, and values from fixed enums (status, outcome, event type),
never a subscriber, an address or a URL. Plain data here; the face (web/metrics.py) turns it into
Prometheus families, so no metrics library sits below the faces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from digest.collect.backoff import is_due
from digest.delivery.feedback import DELIVERY_KINDS
from digest.store import Store
from digest.store.deliveries import FINAL_STATES
from digest.store.workmetrics import WorkFigures

OUTCOMES = tuple(state.value for state in FINAL_STATES)
EVENT_TYPES = tuple(sorted(DELIVERY_KINDS))
FEED_PAGE = 500  # feeds read per round trip when looking for the most overdue one


@dataclass(frozen=True)
class ListFigures:
    slug: str
    subscribers: dict[str, int]  # by subscription status, now
    deliveries: dict[str, int]  # recipients by final outcome, summed over the list's stored issues
    events: dict[str, int]  # provider events received, by type, summed over the list's stored issues


@dataclass(frozen=True)
class Figures:
    lists: list[ListFigures]
    queue_depth: int | None  # None: the broker is not the data Redis, so not cheaply readable
    oldest_due_lag_seconds: float  # how long the most overdue feed has waited past its due time
    heartbeat_age_seconds: float | None  # None: no worker ever reported
    work: WorkFigures  # what the workers counted: polls, pages, provider errors, durations


def read_figures(store: Store, now: datetime, *, broker_is_store: bool) -> Figures:
    fields = [f"n_{o}" for o in OUTCOMES] + [f"ev_{t}" for t in EVENT_TYPES]
    lists = []
    for slug in sorted(store.lists.slugs()):
        totals = store.issues.totals(slug, fields)
        lists.append(
            ListFigures(
                slug=slug,
                subscribers={s.value: n for s, n in store.subscribers.counts(slug).items()},
                deliveries={o: totals[f"n_{o}"] for o in OUTCOMES},
                events={t: totals[f"ev_{t}"] for t in EVENT_TYPES},
            )
        )
    last = store.health.freshest()
    return Figures(
        lists=lists,
        queue_depth=store.health.queue_depth() if broker_is_store else None,
        oldest_due_lag_seconds=_oldest_due_lag(store, now),
        heartbeat_age_seconds=max(0.0, (now - last).total_seconds()) if last else None,
        work=store.work.read(),
    )


def _oldest_due_lag(store: Store, now: datetime) -> float:
    """Seconds past its due time of the most overdue feed that beat should have had polled (0 when none
    is overdue). A feed never polled has no due time yet and counts as 0: the heartbeat's age says
    whether workers are there to poll it."""
    ids = store.feeds.all_ids()
    worst = 0.0
    for start in range(0, len(ids), FEED_PAGE):
        for feed in store.feeds.get_many(ids[start : start + FEED_PAGE]):
            if feed.next_poll_at is not None and is_due(feed, now):
                worst = max(worst, (now - feed.next_poll_at).total_seconds())
    return worst
