"""Provider events: once per event id, and per delivery the latest one (late arrivals do not regress)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from digest.store.client import Client
from digest.store.keys import Keys

EVENT_ID_SECONDS = 7 * 24 * 3600  # SendGrid retries failed posts for up to 72 hours


class EventStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def claim_new(self, event_ids: Sequence[str]) -> set[str]:
        """The ids never seen before, now marked seen: one pipelined round trip for the whole batch."""
        pipe = self._r.pipeline(transaction=False)
        for event_id in event_ids:
            pipe.set(self._k.webhook_event(event_id), "1", nx=True, ex=EVENT_ID_SECONDS)
        return {event_id for event_id, new in zip(event_ids, pipe.execute(), strict=True) if new}

    def record_delivery_events(self, items: Sequence[tuple[tuple[str, int], str, str, datetime]]) -> int:
        """Keep each delivery's latest event and count events per issue; returns records changed."""
        if not items:
            return 0
        read = self._r.pipeline(transaction=False)
        for (slug, number), subscriber_id, _kind, _at in items:
            read.hget(self._k.issue_events(slug, number), subscriber_id)
        current = read.execute()
        latest: dict[tuple[str, int, str], tuple[float, str]] = {}
        for ((slug, number), sid, kind, at), raw in zip(items, current, strict=True):
            stored = float(raw.split("|")[1]) if raw else float("-inf")
            key = (slug, number, sid)
            best = latest.get(key, (stored, ""))
            if at.timestamp() >= best[0]:
                latest[key] = (at.timestamp(), kind)
        counts: Counter[tuple[str, int, str]] = Counter(
            (slug, n, kind) for (slug, n), _sid, kind, _at in items
        )
        write = self._r.pipeline(transaction=False)
        changed = 0
        for (slug, number, sid), (moment, kind) in latest.items():
            if kind:
                write.hset(self._k.issue_events(slug, number), sid, f"{kind}|{moment:.3f}")
                changed += 1
        for (slug, number, kind), count in counts.items():
            write.hincrby(self._k.issue(slug, number), f"ev_{kind}", count)
        write.execute()
        return changed

    def latest(self, slug: str, number: int, subscriber_id: str) -> str | None:
        raw = self._r.hget(self._k.issue_events(slug, number), subscriber_id)
        return None if raw is None else str(raw).split("|")[0]
