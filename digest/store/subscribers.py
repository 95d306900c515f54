"""Subscribers (global, one per address) and their subscriptions (per list)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import redis

from digest.errors import NotFound
from digest.keys import Keys
from digest.models import Subscriber, SubscriberStatus, Subscription
from digest.store.codec import req_dt, ts


def _subscription(slug: str, subscriber_id: str, raw: str) -> Subscription:
    status, _, since = raw.partition("|")
    return Subscription(slug, subscriber_id, SubscriberStatus(status), req_dt(since))


class SubscriberStore:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def get_or_create(self, email: str, name: str = "", attrs: dict[str, str] | None = None) -> Subscriber:
        """The one record for this (already normalised) address; name and attrs fill in what is missing."""
        index = self._k.subscriber_by_email()
        existing = self._r.hget(index, email)
        if existing is None:
            new_id = str(self._r.incr(self._k.subscriber_seq()))
            # HSETNX: if another process created the same address meanwhile, use its id.
            if not self._r.hsetnx(index, email, new_id):
                existing = self._r.hget(index, email)
            else:
                existing = new_id
                self._r.hset(self._k.subscriber(new_id), mapping={"email": email})
        current = self.get(existing)
        merged_attrs = {**(attrs or {}), **current.attrs}
        updates: dict[str, str] = {}
        if name and not current.name:
            updates["name"] = name
        if merged_attrs != current.attrs:
            updates["attrs"] = json.dumps(merged_attrs, ensure_ascii=False)
        if updates:
            self._r.hset(self._k.subscriber(existing), mapping=updates)
            return self.get(existing)
        return current

    def get(self, subscriber_id: str) -> Subscriber:
        raw: dict[str, str] = self._r.hgetall(self._k.subscriber(subscriber_id))
        if not raw:
            raise NotFound(f"no subscriber with id {subscriber_id}")
        return _from_hash(subscriber_id, raw)

    def get_many(self, subscriber_ids: Sequence[str]) -> dict[str, Subscriber]:
        pipe = self._r.pipeline(transaction=False)
        for subscriber_id in subscriber_ids:
            pipe.hgetall(self._k.subscriber(subscriber_id))
        rows = pipe.execute()
        return {sid: _from_hash(sid, raw) for sid, raw in zip(subscriber_ids, rows, strict=True) if raw}

    def by_email(self, email: str) -> Subscriber:
        subscriber_id = self._r.hget(self._k.subscriber_by_email(), email)
        if subscriber_id is None:
            raise NotFound(f"no subscriber {email!r}")
        return self.get(subscriber_id)

    def set_status(self, slug: str, subscriber_id: str, status: SubscriberStatus, now: datetime) -> None:
        """Write the subscription and keep the active index in step, in one transaction."""
        pipe = self._r.pipeline(transaction=True)
        pipe.hset(self._k.list_subscriptions(slug), subscriber_id, f"{status.value}|{ts(now)}")
        pipe.sadd(self._k.subscriber_lists(subscriber_id), slug)
        if status is SubscriberStatus.ACTIVE:
            pipe.zadd(self._k.list_active(slug), {subscriber_id: now.timestamp()}, nx=True)
        else:
            pipe.zrem(self._k.list_active(slug), subscriber_id)
        pipe.execute()

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

    def iter_subscriptions(self, slug: str) -> Iterator[Subscription]:
        for subscriber_id, raw in self._r.hscan_iter(self._k.list_subscriptions(slug), count=1000):
            yield _subscription(slug, subscriber_id, raw)

    def count_active(self, slug: str) -> int:
        return int(self._r.zcard(self._k.list_active(slug)))


def _from_hash(subscriber_id: str, raw: dict[str, str]) -> Subscriber:
    attrs = json.loads(raw["attrs"]) if raw.get("attrs") else {}
    return Subscriber(id=subscriber_id, email=raw["email"], name=raw.get("name", ""), attrs=attrs)
