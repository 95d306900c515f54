"""The global suppression set, as the admin sees it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from digest.addresses import normalise
from digest.errors import NotFound
from digest.models import SuppressionEntry, SuppressionReason
from digest.store import Store


def suppress(
    store: Store, email: str, reason: SuppressionReason, now: datetime, note: str = ""
) -> SuppressionEntry:
    return store.suppression.add(normalise(email), reason, now, note.strip())


def unsuppress(store: Store, email: str) -> str:
    address = normalise(email)
    if not store.suppression.remove(address):
        raise NotFound(f"{address} is not suppressed: see `digest suppress list`")
    return address


def entries(store: Store, reason: SuppressionReason | None = None) -> Iterator[SuppressionEntry]:
    return (e for e in store.suppression.iter_entries() if reason is None or e.reason is reason)
