"""Schedules of lists (one per edition) and the state of their slots."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from digest.errors import NotFound
from digest.models import Schedule
from digest.store.client import Client
from digest.store.codec import STORED_EDITION, dt, req_dt, ts
from digest.store.keys import Keys
from digest.store.leases import Lease

SLOT_CLAIM_SECONDS = 14 * 24 * 3600  # long past any retry of the same slot


class ScheduleStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def save(self, schedule: Schedule) -> None:
        raw = asdict(schedule)
        raw["created_at"] = ts(schedule.created_at)
        raw[STORED_EDITION] = raw.pop("edition")
        # The global index first, then the list's schedule (two hash slots, two commands): `all`
        # passes over an index entry with no schedule behind it, so a save cut short hides nothing.
        self._r.sadd(self._k.schedule_index(), f"{schedule.list_slug}/{schedule.edition}")
        self._r.hset(self._k.schedules(schedule.list_slug), schedule.edition, json.dumps(raw))

    def get(self, slug: str, edition: str) -> Schedule:
        raw = self._r.hget(self._k.schedules(slug), edition)
        if raw is None:
            raise NotFound(
                f"list {slug!r} has no schedule {edition!r}: "
                f"set one with `digest schedule set {slug} 'daily 07:00'`"
            )
        return _decode(raw)

    def for_list(self, slug: str) -> list[Schedule]:
        """The list's editions, the default (first created) first."""
        schedules = [_decode(raw) for raw in self._r.hvals(self._k.schedules(slug))]
        return sorted(schedules, key=lambda s: (s.created_at, s.edition))

    def all(self) -> list[Schedule]:
        result = []
        for entry in sorted(self._r.smembers(self._k.schedule_index())):
            slug, _, edition = entry.partition("/")
            raw = self._r.hget(self._k.schedules(slug), edition)
            if raw is not None:
                result.append(_decode(raw))
        return result

    def delete(self, slug: str, edition: str) -> None:
        # The list's keys together (one hash slot), the global index entry after them, for the
        # reason `save` gives.
        pipe = self._r.pipeline(transaction=True)
        pipe.hdel(self._k.schedules(slug), edition)
        pipe.delete(self._k.schedule_state(slug, edition))
        pipe.execute()
        self._r.srem(self._k.schedule_index(), f"{slug}/{edition}")

    # -- slot state -------------------------------------------------------------------------
    def last_slot(self, slug: str, edition: str) -> datetime | None:
        return dt(self._r.hget(self._k.schedule_state(slug, edition), "last_slot"))

    def set_last_slot(self, slug: str, edition: str, slot: datetime) -> None:
        self._r.hset(self._k.schedule_state(slug, edition), "last_slot", ts(slot))

    def cutoff(self, slug: str, edition: str) -> datetime | None:
        """End of the window of the edition's last issue."""
        return dt(self._r.hget(self._k.schedule_state(slug, edition), "cutoff"))

    def set_cutoff(self, slug: str, edition: str, cutoff: datetime) -> None:
        self._r.hset(self._k.schedule_state(slug, edition), "cutoff", ts(cutoff))

    def claim_slot(self, slug: str, edition: str, slot: datetime, lease_seconds: float) -> Lease | None:
        """A lease on building this slot, for the one caller that gets it (None: it is being built,
        or was built). The builder keeps it alive while building, then spends the slot or releases it;
        a builder killed mid-way lets go when the lease runs out, and the slot is still due."""
        key = self._k.slot_claim(slug, edition, int(slot.timestamp()))
        lease = Lease(self._r, key, uuid.uuid4().hex, lease_seconds)
        return lease if lease.take() else None

    def spend_slot(self, lease: Lease) -> None:
        """The slot's issue is built (or skipped): a duplicated task for it now builds nothing."""
        lease.settle("built", SLOT_CLAIM_SECONDS)

    def record_skip(self, slug: str, edition: str, slot: datetime) -> None:
        key = self._k.schedule_state(slug, edition)
        pipe = self._r.pipeline(transaction=True)
        pipe.hset(key, "last_skipped", ts(slot))
        pipe.hincrby(key, "skipped", 1)
        pipe.execute()

    def skips(self, slug: str, edition: str) -> tuple[int, datetime | None]:
        count, last = self._r.hmget(self._k.schedule_state(slug, edition), ["skipped", "last_skipped"])
        return int(count or 0), dt(last)


def _decode(raw: str) -> Schedule:
    data = json.loads(raw)
    data["created_at"] = req_dt(data["created_at"])
    data["edition"] = data.pop(STORED_EDITION)
    return Schedule(**data)
