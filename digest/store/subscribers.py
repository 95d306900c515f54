"""Subscribers (global, one per address) and their subscriptions (per list).

Bulk methods take whole batches so that an import of a million rows costs a few round trips per
thousand rows rather than several per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import redis

from digest.errors import NotFound
from digest.keys import Keys
from digest.models import Subscriber, SubscriberStatus, Subscription
from digest.store import scripts
from digest.store.codec import req_dt, ts

StatusMode = Literal["set", "add", "resubscribe", "remove"]
SEEN_TTL_SECONDS = 86_400


@dataclass(frozen=True)
class Person:
    """What a caller knows about an address it wants on file (name and attrs may be empty)."""

    email: str
    name: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusChange:
    """What the status script did for one id: added, changed, unchanged, kept, removed or absent."""

    outcome: str
    previous: SubscriberStatus | None


def _subscription(slug: str, subscriber_id: str, raw: str) -> Subscription:
    status, _, since = raw.partition("|")
    return Subscription(slug, subscriber_id, SubscriberStatus(status), req_dt(since))


def _record(person: Person) -> dict[str, str]:
    fields = {"email": person.email}
    if person.name:
        fields["name"] = person.name
    if person.attrs:
        fields["attrs"] = json.dumps(person.attrs, ensure_ascii=False)
    return fields


class SubscriberStore:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys
        self._status = client.register_script(scripts.STATUS)
        self._seen = client.register_script(scripts.SEEN)
        self._index = client.register_script(scripts.INDEX)

    # -- people ----------------------------------------------------------------------------
    def get_or_create(self, email: str, name: str = "", attrs: dict[str, str] | None = None) -> Subscriber:
        """The one record for this (already normalised) address; name and attrs fill in what is missing."""
        person = Person(email, name, attrs or {})
        subscriber_id = self.ids_for([email])[0]
        if subscriber_id is None:
            subscriber_id = self.create_many([person])[email]
        else:
            self.fill_in({subscriber_id: person})
        return self.get(subscriber_id)

    def ids_for(self, emails: Sequence[str]) -> list[str | None]:
        if not emails:
            return []
        return list(self._r.hmget(self._k.subscriber_by_email(), list(emails)))

    def create_many(self, people: Sequence[Person]) -> dict[str, str]:
        """Address -> id for new addresses, ids taken in one INCRBY.

        The record is written before the index entry, so the index never points at nothing; an
        address another process indexed meanwhile keeps that process's id and our record goes.
        """
        if not people:
            return {}
        last = int(self._r.incrby(self._k.subscriber_seq(), len(people)))
        ids = [str(n) for n in range(last - len(people) + 1, last + 1)]
        pipe = self._r.pipeline(transaction=False)
        for person, new_id in zip(people, ids, strict=True):
            pipe.hset(self._k.subscriber(new_id), mapping=_record(person))
        pipe.execute()
        args: list[str] = []
        for person, new_id in zip(people, ids, strict=True):
            args += [person.email, new_id]
        now_ids = self._index(keys=[self._k.subscriber_by_email()], args=args)
        lost = [self._k.subscriber(new) for new, now in zip(ids, now_ids, strict=True) if new != now]
        if lost:
            self._r.delete(*lost)
        return {p.email: now for p, now in zip(people, now_ids, strict=True)}

    def fill_in(self, people: dict[str, Person]) -> int:
        """Give existing records the name and attributes they lack; returns how many changed.

        What is on file wins: a later import never overwrites what a person or an admin set.
        """
        if not people:
            return 0
        pipe = self._r.pipeline(transaction=False)
        for subscriber_id in people:
            pipe.hmget(self._k.subscriber(subscriber_id), ["email", "name", "attrs"])
        writes: dict[str, dict[str, str]] = {}
        for (subscriber_id, person), (email, name, raw) in zip(people.items(), pipe.execute(), strict=True):
            if email is None:  # index written but record lost (a crash mid-batch): write it whole
                writes[subscriber_id] = _record(person)
                continue
            current = json.loads(raw) if raw else {}
            merged = {**person.attrs, **current}
            update = {"name": person.name} if person.name and not name else {}
            if merged != current:
                update["attrs"] = json.dumps(merged, ensure_ascii=False)
            if update:
                writes[subscriber_id] = update
        pipe = self._r.pipeline(transaction=False)
        for subscriber_id, update in writes.items():
            pipe.hset(self._k.subscriber(subscriber_id), mapping=update)
        pipe.execute()
        return len(writes)

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
            raise NotFound(f"no subscriber {email!r}: see `digest subscribers list LIST --search …`")
        return self.get(subscriber_id)

    def lists_of(self, subscriber_id: str) -> list[str]:
        return sorted(self._r.smembers(self._k.subscriber_lists(subscriber_id)))

    def erase(self, subscriber: Subscriber) -> list[str]:
        """Remove the person everywhere: every subscription, the record, the index entry.

        Returns the lists they were on. Delivery records stay, keyed by an id that now leads nowhere.
        """
        slugs = self.lists_of(subscriber.id)
        for slug in slugs:
            self._run_status(slug, "remove", [(subscriber.id, "")], dry=False, now=None)
        pipe = self._r.pipeline(transaction=True)
        pipe.delete(self._k.subscriber(subscriber.id), self._k.subscriber_lists(subscriber.id))
        pipe.hdel(self._k.subscriber_by_email(), subscriber.email)
        pipe.execute()
        return slugs

    def count_people(self) -> int:
        return int(self._r.hlen(self._k.subscriber_by_email()))

    # -- subscriptions ---------------------------------------------------------------------
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

    def iter_subscriptions(self, slug: str) -> Iterator[Subscription]:
        for subscriber_id, raw in self._r.hscan_iter(self._k.list_subscriptions(slug), count=1000):
            yield _subscription(slug, subscriber_id, raw)

    def iter_members(
        self, slug: str, status: SubscriberStatus | None = None, batch: int = 1000
    ) -> Iterator[tuple[Subscription, Subscriber]]:
        """Subscriptions with their people, fetched a batch at a time so memory stays flat."""
        page: list[Subscription] = []
        for sub in self.iter_subscriptions(slug):
            if status is None or sub.status is status:
                page.append(sub)
            if len(page) >= batch:
                yield from self._with_people(page)
                page = []
        yield from self._with_people(page)

    def _with_people(self, page: list[Subscription]) -> Iterator[tuple[Subscription, Subscriber]]:
        people = self.get_many([s.subscriber_id for s in page]) if page else {}
        for sub in page:
            if sub.subscriber_id in people:
                yield sub, people[sub.subscriber_id]

    def counts(self, slug: str) -> dict[SubscriberStatus, int]:
        """Subscriptions by status, from counters (O(1) at any size)."""
        raw: dict[str, str] = self._r.hgetall(self._k.list_counts(slug))
        if not raw and self._r.hlen(self._k.list_subscriptions(slug)):
            self._run_status(slug, "set", [], dry=False, now=None)  # rebuilds the missing counters
            raw = self._r.hgetall(self._k.list_counts(slug))
        return {status: int(raw.get(status.value, 0)) for status in SubscriberStatus}

    def count_active(self, slug: str) -> int:
        return int(self._r.zcard(self._k.list_active(slug)))


def _from_hash(subscriber_id: str, raw: dict[str, str]) -> Subscriber:
    attrs = json.loads(raw["attrs"]) if raw.get("attrs") else {}
    return Subscriber(id=subscriber_id, email=raw["email"], name=raw.get("name", ""), attrs=attrs)
