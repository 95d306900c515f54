"""The global suppression set: addresses never mailed, whatever a list says.

Entries are keyed by a digest of the address, with the address itself in a second hash, so that
`forget` can drop the address and still keep the person from being mailed (or re-imported) again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from digest.addresses import address_digest
from digest.models import SuppressionEntry, SuppressionReason
from digest.store.client import Client
from digest.store.codec import req_dt, ts
from digest.store.keys import Keys


def _entry(digest: str, raw: str, email: str | None) -> SuppressionEntry:
    reason, at, note = [*raw.split("|", 2), "", ""][:3]
    return SuppressionEntry(
        digest=digest, reason=SuppressionReason(reason), at=req_dt(at), email=email or "", note=note
    )


class SuppressionStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def add(self, email: str, reason: SuppressionReason, now: datetime, note: str = "") -> SuppressionEntry:
        """Suppress the (normalised) address; adding it again updates the reason and the note."""
        digest = address_digest(email)
        record = f"{reason.value}|{ts(now)}|{note.replace(chr(10), ' ')}"
        # Two global hashes in two hash slots, one command each: the suppression itself first, so a
        # cut-short add still keeps the address from being mailed (it lists without its address).
        self._r.hset(self._k.suppressed(), digest, record)
        self._r.hset(self._k.suppressed_addresses(), digest, email)
        return _entry(digest, record, email)

    def remove(self, email: str) -> bool:
        digest = address_digest(email)
        # The address first: a remove cut short leaves the address suppressed (and a second remove
        # finishes it), never the address kept where no entry lists it.
        self._r.hdel(self._k.suppressed_addresses(), digest)
        return bool(self._r.hdel(self._k.suppressed(), digest))

    def get(self, email: str) -> SuppressionEntry | None:
        digest = address_digest(email)
        pipe = self._r.pipeline(transaction=False)
        pipe.hget(self._k.suppressed(), digest)
        pipe.hget(self._k.suppressed_addresses(), digest)
        raw, stored_email = pipe.execute()
        return None if raw is None else _entry(digest, raw, stored_email)

    def reasons_many(self, emails: Sequence[str]) -> dict[str, SuppressionReason]:
        """Address -> reason for those suppressed: one round trip for a whole batch."""
        if not emails:
            return {}
        raw = self._r.hmget(self._k.suppressed(), [address_digest(e) for e in emails])
        return {
            email: SuppressionReason(value.partition("|")[0])
            for email, value in zip(emails, raw, strict=True)
            if value
        }

    def contains_many(self, emails: Iterable[str]) -> set[str]:
        """The given addresses that are suppressed: what a send checks before handing mail over."""
        return set(self.reasons_many(list(emails)))

    def forget_address(self, email: str) -> bool:
        """Drop the address but keep its digest and reason; True when it was suppressed."""
        digest = address_digest(email)
        self._r.hdel(self._k.suppressed_addresses(), digest)
        return bool(self._r.hexists(self._k.suppressed(), digest))

    def count(self) -> int:
        return int(self._r.hlen(self._k.suppressed()))

    def iter_entries(self, batch: int = 1000) -> Iterator[SuppressionEntry]:
        page: list[tuple[str, str]] = []
        for item in self._r.hscan_iter(self._k.suppressed(), count=batch):
            page.append(item)
            if len(page) >= batch:
                yield from self._with_addresses(page)
                page = []
        yield from self._with_addresses(page)

    def _with_addresses(self, page: list[tuple[str, str]]) -> Iterator[SuppressionEntry]:
        if not page:
            return
        emails = self._r.hmget(self._k.suppressed_addresses(), [digest for digest, _ in page])
        for (digest, raw), email in zip(page, emails, strict=True):
            yield _entry(digest, raw, email)
