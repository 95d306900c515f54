"""Who sends an issue inline, and whether they are still alive.

An inline send (`digest issue send --inline`) holds a lease, renewed by its heartbeat, and notes its
owner id on the issue. Killed (kill -9, a lost machine), it leaves the issue `sending` with no one
sending: once its lease has run out, `issue resume` takes the send over. The recipients the dead
process had claimed become `unconfirmed` (it may have sent them), as a killed worker's do, and the
rest are sent by the new send.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from digest.models import DeliveryState
from digest.store.deliveries import DeliveryRecords
from digest.store.keys import Keys
from digest.store.leases import Lease

_SETTLE_BATCH = 1000
ORPHAN_DETAIL = "sender lost mid-send"


class InlineSends(DeliveryRecords):
    """Mixed into IssueStore: settles through the delivery records' own script."""

    _r: Any
    _k: Keys

    def send_lease(self, slug: str, number: int, seconds: float) -> Lease:
        """A lease for a new inline send of the issue; its holder id owns the claims that send makes."""
        return Lease(self._r, self._k.issue_send_lease(slug, number), uuid.uuid4().hex, seconds)

    def note_inline_sender(self, slug: str, number: int, owner: str) -> None:
        self._r.hset(self._k.issue(slug, number), "inline_owner", owner)

    def forget_inline_sender(self, slug: str, number: int, owner: str) -> None:
        """The send ended in its own process (done, paused, refused): nobody is left to take over from."""
        key = self._k.issue(slug, number)
        if self._r.hget(key, "inline_owner") == owner:
            self._r.hdel(key, "inline_owner")

    def orphaned_sender(self, slug: str, number: int) -> str:
        """The owner of an inline send that died (its lease ran out), else ""."""
        owner = self._r.hget(self._k.issue(slug, number), "inline_owner") or ""
        if owner and not self._r.exists(self._k.issue_send_lease(slug, number)):
            return str(owner)
        return ""

    def settle_orphan(self, slug: str, number: int, owner: str, now: datetime) -> int:
        """The dead owner's claims in flight become unconfirmed; returns how many. One scan of the
        issue's records: a takeover is rare, and a send has at most one batch in flight."""
        suffix = f"|{owner}"
        in_flight = [
            field
            for field, value in self._r.hscan_iter(self._k.issue_deliveries(slug, number), count=5000)
            if value.startswith("sending|") and value.endswith(suffix)
        ]
        settled = 0
        for start in range(0, len(in_flight), _SETTLE_BATCH):
            outcomes = [
                (i, DeliveryState.UNCONFIRMED, ORPHAN_DETAIL)
                for i in in_flight[start : start + _SETTLE_BATCH]
            ]
            settled += self.record(slug, number, outcomes, now, owner=owner)
        self._r.hdel(self._k.issue(slug, number), "inline_owner")
        return settled
