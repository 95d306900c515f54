"""What the service holds on one person: show it all, or erase it."""

from __future__ import annotations

from typing import Any

from digest.addresses import normalise
from digest.admin.subscribers import memberships
from digest.errors import NotFound
from digest.models import Subscriber
from digest.store import Store


def export_person(store: Store, email: str) -> dict[str, Any]:
    """Every piece of data held on the address (the answer to a subject access request)."""
    address = normalise(email)
    ids = store.subscribers.ids_for([address])
    subscriber = store.subscribers.get(ids[0]) if ids[0] else None
    entry = store.suppression.get(address)
    if subscriber is None and entry is None:
        raise NotFound(f"nothing is held on {address}")
    return {
        "email": address,
        "subscriber": None
        if subscriber is None
        else {"id": subscriber.id, "name": subscriber.name, "attrs": subscriber.attrs},
        "lists": [] if subscriber is None else memberships(store, subscriber),
        "suppression": None
        if entry is None
        else {"reason": entry.reason.value, "since": entry.at, "note": entry.note, "digest": entry.digest},
    }


def forget(store: Store, email: str) -> dict[str, Any]:
    """Erase the person everywhere; only the suppression digest stays when they were suppressed, so
    they are never mailed (nor re-imported) again. Delivery records stay under an id that now leads
    to no one."""
    address = normalise(email)
    ids = store.subscribers.ids_for([address])
    subscriber: Subscriber | None = None
    if found := ids[0]:
        # An index entry whose record is gone is a forget cut short: erasing it again completes it.
        subscriber = store.subscribers.get_many([found]).get(found) or Subscriber(found, address)
    suppressed = store.suppression.forget_address(address)
    if subscriber is None and not suppressed:
        raise NotFound(f"nothing is held on {address}")
    lists = store.subscribers.erase(subscriber) if subscriber else []
    return {"email": address, "lists": lists, "kept_suppression_digest": suppressed}
