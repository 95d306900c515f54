"""Subscribers (global, one per address); their subscriptions (per list) come from Subscriptions.

Bulk methods take whole batches so that an import of a million rows costs a few round trips per
thousand rows rather than several per row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from digest.errors import NotFound
from digest.models import Subscriber, SubscriberStatus, Subscription
from digest.store import scripts
from digest.store.client import Client
from digest.store.keys import Keys
from digest.store.subscriptions import StatusChange, StatusMode, Subscriptions

__all__ = ["Person", "StatusChange", "StatusMode", "SubscriberStore"]


@dataclass(frozen=True)
class Person:
    """What a caller knows about an address it wants on file (name and attrs may be empty)."""

    email: str
    name: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


def _record(person: Person) -> dict[str, str]:
    fields = {"email": person.email}
    if person.name:
        fields["name"] = person.name
    if person.attrs:
        fields["attrs"] = json.dumps(person.attrs, ensure_ascii=False)
    return fields


class SubscriberStore(Subscriptions):
    def __init__(self, client: Client, keys: Keys) -> None:
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
        found = self.get_many([subscriber_id])
        if not found:
            raise NotFound(f"no subscriber with id {subscriber_id}")
        return found[subscriber_id]

    def get_many(self, subscriber_ids: Sequence[str]) -> dict[str, Subscriber]:
        """The people behind these ids (an id whose record is gone is left out), one round trip.

        A send chunk reads a thousand of these: HMGET of the fields a Subscriber holds, not HGETALL,
        so Redis writes and the client parses no field names and nothing else a record may carry.
        """
        pipe = self._r.pipeline(transaction=False)
        for subscriber_id in subscriber_ids:
            pipe.hmget(self._k.subscriber(subscriber_id), _FIELDS)
        rows = pipe.execute()
        return {sid: _from_fields(sid, *row) for sid, row in zip(subscriber_ids, rows, strict=True) if row[0]}

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
            self._r.delete(self._k.asked_name(slug, subscriber.id))
        # Three global keys in three hash slots: one command each, the record first and the address
        # index last, so a forget cut short leaves an index entry naming a record that is gone, which
        # the next `forget` of the address completes (digest.admin.privacy), never a record nobody finds.
        self._r.delete(self._k.subscriber(subscriber.id))
        self._r.delete(self._k.subscriber_lists(subscriber.id))
        self._r.hdel(self._k.subscriber_by_email(), subscriber.email)
        return slugs

    def rename(self, subscriber_id: str, name: str) -> None:
        self._r.hset(self._k.subscriber(subscriber_id), "name", name)

    def ask_name(self, slug: str, subscriber_id: str, name: str, seconds: int) -> None:
        """Keep the name someone re-joining typed until their confirmation link expires."""
        self._r.set(self._k.asked_name(slug, subscriber_id), name, ex=seconds)

    def take_asked_name(self, slug: str, subscriber_id: str) -> str:
        """The name asked for on the form, once (it is dropped as it is read); "" when none."""
        return str(self._r.getdel(self._k.asked_name(slug, subscriber_id)) or "")

    def count_people(self) -> int:
        return int(self._r.hlen(self._k.subscriber_by_email()))

    # -- subscriptions ---------------------------------------------------------------------
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


_FIELDS = ("email", "name", "attrs")  # what a Subscriber holds of the record, in _from_fields' order


def _from_fields(subscriber_id: str, email: str, name: str | None, attrs: str | None) -> Subscriber:
    return Subscriber(
        id=subscriber_id, email=email, name=name or "", attrs=json.loads(attrs) if attrs else {}
    )
