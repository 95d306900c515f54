"""Subscribers one at a time: add, remove, find, describe, list, count."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from digest.addresses import display_name, normalise
from digest.errors import InvalidInput, NotFound
from digest.models import Subscriber, SubscriberStatus
from digest.store import Store
from digest.store.issues import issue_id

RESERVED_COLUMNS = ("email", "name")
RECEIVING = (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING)


def check_attrs(attrs: dict[str, str]) -> dict[str, str]:
    for key in attrs:
        if key.strip().lower() in RESERVED_COLUMNS:
            raise InvalidInput(f"attribute {key!r} is reserved: use --name, or pick another key")
    return attrs


def add_subscriber(
    store: Store,
    slug: str,
    email: str,
    *,
    now: datetime,
    name: str = "",
    attrs: dict[str, str] | None = None,
    status: SubscriberStatus = SubscriberStatus.ACTIVE,
) -> Subscriber:
    store.lists.get(slug)  # refuses an unknown list before anything is written
    address = normalise(email)
    suppressed = store.suppression.get(address)
    if suppressed is not None and status in RECEIVING:
        raise InvalidInput(
            f"{address} is suppressed ({suppressed.reason.value}): "
            f"remove it with `digest suppress remove {address}` first if that is right"
        )
    subscriber = store.subscribers.get_or_create(address, display_name(name), check_attrs(attrs or {}))
    current = store.subscribers.subscription(slug, subscriber.id)
    if current is None or current.status is not status:
        store.subscribers.set_status(slug, subscriber.id, status, now)
    return subscriber


def find(store: Store, email: str) -> Subscriber:
    return store.subscribers.by_email(normalise(email))


def remove_subscriber(store: Store, slug: str, email: str) -> Subscriber:
    """Take the address off one list (its record and other lists stay)."""
    store.lists.get(slug)
    subscriber = find(store, email)
    if not store.subscribers.remove(slug, subscriber.id):
        raise NotFound(
            f"{subscriber.email} is not on {slug!r}: see `digest subscribers show {subscriber.email}`"
        )
    return subscriber


def memberships(store: Store, subscriber: Subscriber) -> list[dict[str, Any]]:
    """Every list the person is on, with their standing and what each issue did for them."""
    result = []
    for slug in store.subscribers.lists_of(subscriber.id):
        sub = store.subscribers.subscription(slug, subscriber.id)
        if sub is None:
            continue
        deliveries = []
        for number in store.issues.numbers(slug):
            record = store.issues.delivery(slug, number, subscriber.id)
            if record is not None:
                deliveries.append(
                    {
                        "issue": issue_id(slug, number),
                        "state": record.state.value,
                        "at": record.at,
                        "detail": record.detail,
                    }
                )
        result.append(
            {"list": slug, "status": sub.status.value, "since": sub.since, "deliveries": deliveries}
        )
    return result


def describe(store: Store, email: str) -> dict[str, Any]:
    subscriber = find(store, email)
    entry = store.suppression.get(subscriber.email)
    return {
        "id": subscriber.id,
        "email": subscriber.email,
        "name": subscriber.name,
        "attrs": subscriber.attrs,
        "suppressed": None if entry is None else {"reason": entry.reason.value, "since": entry.at},
        "lists": memberships(store, subscriber),
    }


def list_members(
    store: Store, slug: str, *, status: SubscriberStatus | None = None, search: str = "", limit: int = 0
) -> list[dict[str, Any]]:
    """Members of a list sorted by address; `search` matches part of the address or the name."""
    store.lists.get(slug)
    needle = search.strip().lower()
    rows = [
        {
            "id": person.id,
            "email": person.email,
            "name": person.name,
            "status": sub.status.value,
            "since": sub.since,
            "attrs": person.attrs,
        }
        for sub, person in store.subscribers.iter_members(slug, status)
        if not needle or needle in person.email.lower() or needle in person.name.lower()
    ]
    rows.sort(key=lambda row: str(row["email"]).lower())
    return rows[:limit] if limit > 0 else rows


def count(store: Store, slug: str | None) -> dict[str, Any]:
    """By status on one list; without a list, people on file and suppressed addresses."""
    if slug is None:
        return {"subscribers": store.subscribers.count_people(), "suppressed": store.suppression.count()}
    store.lists.get(slug)
    counts = {s.value: n for s, n in store.subscribers.counts(slug).items()}
    return {"list": slug, **counts, "total": sum(counts.values())}
