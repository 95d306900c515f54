"""Which edition each subscriber of a list receives, and who an edition's issue is for."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from digest.store.client import Client
from digest.store.codec import dt, ts
from digest.store.keys import Keys


class EditionStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def chosen(self, slug: str, subscriber_id: str) -> str | None:
        return self._r.hget(self._k.edition_choice(slug), subscriber_id)  # type: ignore[no-any-return]

    def choose(self, slug: str, subscriber_id: str, edition: str, *, default: str, others: Sequence[str],
               now: datetime) -> None:  # fmt: skip
        """Record the choice; the default edition is stored as no choice at all."""
        pipe = self._r.pipeline(transaction=True)
        for name in others:
            pipe.zrem(self._k.edition_members(slug, name), subscriber_id)
        if edition == default:
            pipe.hdel(self._k.edition_choice(slug), subscriber_id)
        else:
            pipe.hset(self._k.edition_choice(slug), subscriber_id, edition)
            pipe.zadd(self._k.edition_members(slug, edition), {subscriber_id: now.timestamp()})
        pipe.execute()

    def bridge(self, slug: str, subscriber_id: str) -> datetime | None:
        return dt(self._r.hget(self._k.edition_bridge(slug), subscriber_id))

    def set_bridge(self, slug: str, subscriber_id: str, cursor: datetime) -> None:
        """Kept only if none is pending: switching twice before an issue keeps the first cursor."""
        self._r.hsetnx(self._k.edition_bridge(slug), subscriber_id, ts(cursor))

    def bridges(self, slug: str) -> dict[str, datetime]:
        raw: dict[str, str] = self._r.hgetall(self._k.edition_bridge(slug))
        return {sid: moment for sid, value in raw.items() if (moment := dt(value)) is not None}

    def clear_bridges(self, slug: str, subscriber_ids: Sequence[str]) -> None:
        if subscriber_ids:
            self._r.hdel(self._k.edition_bridge(slug), *subscriber_ids)

    def write_audience(self, slug: str, number: int, edition: str, *, default: bool, others: Sequence[str],
                       exclude: Sequence[str]) -> int:  # fmt: skip
        """Fix who the edition's issue is for, server-side: the active subscribers of this edition
        (for the default one: everyone who chose no other), less `exclude`."""
        target = self._k.issue_audience(slug, number)
        active = self._k.list_active(slug)
        if default:
            self._r.zdiffstore(target, [active, *(self._k.edition_members(slug, c) for c in others)])
        else:
            self._r.zinterstore(target, {active: 1, self._k.edition_members(slug, edition): 0})
        if exclude:
            self._r.zrem(target, *exclude)
        return int(self._r.zcard(target))

    def write_explicit_audience(self, slug: str, number: int, subscriber_ids: Sequence[str]) -> None:
        if subscriber_ids:
            self._r.zadd(self._k.issue_audience(slug, number), dict.fromkeys(subscriber_ids, 0))
