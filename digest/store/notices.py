"""The optional emails to a list's people: whether the list welcomes those who confirm, who is owed a
welcome, and who is waiting to confirm (for the one reminder)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from digest.store.client import Client
from digest.store.keys import Keys

REMINDED = "+inf"  # an awaiting subscriber's score once reminded: never picked again


class NoticeStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def welcome_on(self, slug: str) -> bool:
        return bool(self._r.hget(self._k.list_notices(slug), "welcome") == "1")

    def set_welcome(self, slug: str, on: bool) -> None:
        self._r.hset(self._k.list_notices(slug), "welcome", "1" if on else "0")

    def awaiting(self, slug: str, subscriber_id: str, since: datetime) -> None:
        """Remember when a confirmation link went out; asking again does not restart the clock."""
        self._r.zadd(self._k.list_awaiting_confirmation(slug), {subscriber_id: since.timestamp()}, nx=True)

    def awaiting_since_before(self, slug: str, moment: datetime, limit: int = 500) -> list[str]:
        key = self._k.list_awaiting_confirmation(slug)
        return list(self._r.zrangebyscore(key, "-inf", moment.timestamp(), start=0, num=limit))

    def mark_reminded(self, slug: str, subscriber_id: str) -> bool:
        """Claim the one reminder; True for the caller that claimed it (XX: only if still awaiting)."""
        key = self._k.list_awaiting_confirmation(slug)
        return bool(self._r.zadd(key, {subscriber_id: REMINDED}, xx=True, gt=True, ch=True))

    def stop_awaiting(self, slug: str, subscriber_id: str) -> None:
        self._r.zrem(self._k.list_awaiting_confirmation(slug), subscriber_id)

    def owe_welcome(self, slug: str, subscriber_id: str, at: datetime) -> None:
        self._r.zadd(self._k.list_welcome_due(slug), {subscriber_id: at.timestamp()}, nx=True)

    def welcomes_due(self, slug: str, now: datetime, limit: int = 500) -> list[str]:
        key = self._k.list_welcome_due(slug)
        return list(self._r.zrangebyscore(key, "-inf", now.timestamp(), start=0, num=limit))

    def take_welcome(self, slug: str, subscriber_id: str) -> bool:
        """Claim one welcome before it is sent: only one worker gets True, so nobody is welcomed twice."""
        return bool(self._r.zrem(self._k.list_welcome_due(slug), subscriber_id))
