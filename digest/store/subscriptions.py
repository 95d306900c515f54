"""Subscriptions: one list's side of a subscriber (status, active index, counters, import runs).

A base of SubscriberStore, kept apart so each file stays about one thing; every key it touches
carries the list's hash tag, except each person's set of lists, written before the status.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from digest.models import SubscriberStatus, Subscription
from digest.store.codec import req_dt, ts
from digest.store.keys import Keys

StatusMode = Literal["set", "add", "resubscribe", "remove"]
SEEN_TTL_SECONDS = 86_400


@dataclass(frozen=True)
class StatusChange:
    """What the status script did for one id: added, changed, unchanged, kept, removed or absent."""

    outcome: str
    previous: SubscriberStatus | None


def _subscription(slug: str, subscriber_id: str, raw: str) -> Subscription:
    status, _, since = raw.partition("|")
    return Subscription(slug, subscriber_id, SubscriberStatus(status), req_dt(since))


class Subscriptions:
    _r: Any
    _k: Keys
    _status: Any
    _seen: Any

    def set_status(self, slug: str, subscriber_id: str, status: SubscriberStatus, now: datetime) -> None:
        """Write the subscription; the active index and the counters follow in the same script."""
        self.apply_statuses(slug, [(subscriber_id, status)], "set", now)

    def apply_statuses(
        self,
        slug: str,
        changes: Sequence[tuple[str, SubscriberStatus]],
        mode: StatusMode,
        now: datetime,
        *,
        dry: bool = False,
    ) -> list[StatusChange]:
        """Apply a batch of status changes by the rules of `mode` (see digest/store/scripts.py)."""
        if not changes:
            return []
        if not dry:
            # Each person's set of lists is written first: a crash in between leaves it a superset
            # of their subscriptions, so `forget` and `show` can never miss one.
            pipe = self._r.pipeline(transaction=False)
            for sid, _ in changes:
                pipe.sadd(self._k.subscriber_lists(sid), slug)
            pipe.execute()
        pairs = [(sid, status.value) for sid, status in changes]
        return self._run_status(slug, mode, pairs, dry=dry, now=now)

    def remove(self, slug: str, subscriber_id: str) -> bool:
        [change] = self._run_status(slug, "remove", [(subscriber_id, "")], dry=False, now=None)
        self._r.srem(self._k.subscriber_lists(subscriber_id), slug)
        return change.outcome == "removed"

    def _run_status(
        self,
        slug: str,
        mode: StatusMode,
        pairs: Sequence[tuple[str, str]],
        *,
        dry: bool,
        now: datetime | None,
    ) -> list[StatusChange]:
        keys = [self._k.list_subscriptions(slug), self._k.list_active(slug), self._k.list_counts(slug)]
        args = [mode, "1" if dry else "0", ts(now), f"{now.timestamp() if now else 0}"]
        for sid, status in pairs:
            args += [sid, status]
        changes = []
        for raw in self._status(keys=keys, args=args):
            outcome, _, previous = raw.partition("|")
            changes.append(StatusChange(outcome, SubscriberStatus(previous) if previous else None))
        return changes

    def first_rows(self, slug: str, run: str, rows: Sequence[tuple[str, int]]) -> list[int]:
        """For each (address, row) of one import run: 0 when first seen, else the row it came first."""
        if not rows:
            return []
        args: list[str | int] = [SEEN_TTL_SECONDS]
        for email, row in rows:
            args += [email, row]
        return [int(n) for n in self._seen(keys=[self._k.list_import_seen(slug, run)], args=args)]

    def end_run(self, slug: str, run: str) -> None:
        self._r.delete(self._k.list_import_seen(slug, run))

    def subscription(self, slug: str, subscriber_id: str) -> Subscription | None:
        raw = self._r.hget(self._k.list_subscriptions(slug), subscriber_id)
        return None if raw is None else _subscription(slug, subscriber_id, raw)

    def statuses(self, slug: str, subscriber_ids: Sequence[str]) -> dict[str, SubscriberStatus]:
        """Current status of each id on the list (absent ids are left out): checked again at send time."""
        if not subscriber_ids:
            return {}
        raw = self._r.hmget(self._k.list_subscriptions(slug), list(subscriber_ids))
        return {
            sid: SubscriberStatus(value.partition("|")[0])
            for sid, value in zip(subscriber_ids, raw, strict=True)
            if value
        }

    def subscriptions_of(self, slug: str, subscriber_ids: Sequence[str]) -> list[Subscription]:
        """The list's subscriptions of these ids, with since when (absent ids are left out)."""
        if not subscriber_ids:
            return []
        raw = self._r.hmget(self._k.list_subscriptions(slug), list(subscriber_ids))
        return [
            _subscription(slug, sid, value) for sid, value in zip(subscriber_ids, raw, strict=True) if value
        ]

    def iter_subscriptions(self, slug: str) -> Iterator[Subscription]:
        for subscriber_id, raw in self._r.hscan_iter(self._k.list_subscriptions(slug), count=1000):
            yield _subscription(slug, subscriber_id, raw)

    def counts(self, slug: str) -> dict[SubscriberStatus, int]:
        """Subscriptions by status, from counters (O(1) at any size)."""
        raw: dict[str, str] = self._r.hgetall(self._k.list_counts(slug))
        if not raw and self._r.hlen(self._k.list_subscriptions(slug)):
            self._run_status(slug, "set", [], dry=False, now=None)  # rebuilds the missing counters
            raw = self._r.hgetall(self._k.list_counts(slug))
        return {status: int(raw.get(status.value, 0)) for status in SubscriberStatus}

    def count_active(self, slug: str) -> int:
        return int(self._r.zcard(self._k.list_active(slug)))
