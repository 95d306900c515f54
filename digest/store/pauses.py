"""Breaks subscribers take from a list ("pause for a while"), without leaving it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from digest.store.client import Client
from digest.store.codec import dt, ts
from digest.store.keys import Keys


class PauseStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def pause(self, slug: str, subscriber_id: str, until: datetime) -> None:
        self._r.hset(self._k.paused_until(slug), subscriber_id, ts(until))

    def resume(self, slug: str, subscriber_id: str) -> None:
        self._r.hdel(self._k.paused_until(slug), subscriber_id)

    def until(self, slug: str, subscriber_id: str) -> datetime | None:
        return dt(self._r.hget(self._k.paused_until(slug), subscriber_id))

    def paused_among(self, slug: str, subscriber_ids: Sequence[str], now: datetime) -> dict[str, datetime]:
        """Who of these is on a break now, and until when: one round trip per chunk of a send."""
        if not subscriber_ids:
            return {}
        raw = self._r.hmget(self._k.paused_until(slug), list(subscriber_ids))
        return {
            sid: until
            for sid, value in zip(subscriber_ids, raw, strict=True)
            if value and (until := dt(value)) is not None and until > now
        }
