"""Review of a list's issues before they go: the policy, the drafts waiting (by deadline), and the
articles a dropped draft gave back to the next issue. Notices (welcome, reminders) live beside it in
digest.store.notices."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from digest.models import ReviewPolicy
from digest.store.client import Client
from digest.store.codec import dt
from digest.store.keys import Keys


class ReviewStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def policy(self, slug: str) -> ReviewPolicy:
        raw: dict[str, str] = self._r.hgetall(self._k.list_review(slug))
        if not raw:
            return ReviewPolicy()
        default = ReviewPolicy()
        return ReviewPolicy(
            enabled=raw.get("enabled") == "1",
            editors=tuple(json.loads(raw.get("editors") or "[]")),
            timeout_seconds=int(raw.get("timeout_seconds") or default.timeout_seconds),
            on_timeout=raw.get("on_timeout") or default.on_timeout,
        )

    def set_policy(self, slug: str, policy: ReviewPolicy) -> None:
        fields = {
            "enabled": "1" if policy.enabled else "0",
            "editors": json.dumps(list(policy.editors)),
            "timeout_seconds": str(policy.timeout_seconds),
            "on_timeout": policy.on_timeout,
        }
        self._r.hset(self._k.list_review(slug), mapping=fields)

    def hold(self, slug: str, number: int, deadline: datetime) -> None:
        """Index a draft by the moment its review time runs out."""
        self._r.zadd(self._k.list_drafts(slug), {str(number): deadline.timestamp()})

    def release(self, slug: str, number: int) -> bool:
        """Take a draft out of the index; True for the one caller that removed it."""
        return bool(self._r.zrem(self._k.list_drafts(slug), str(number)))

    def deadline(self, slug: str, number: int) -> datetime | None:
        score = self._r.zscore(self._k.list_drafts(slug), str(number))
        return None if score is None else dt(str(score))

    def waiting(self, slug: str) -> list[int]:
        """Every draft still waiting for its editors, oldest deadline first."""
        return [int(n) for n in self._r.zrange(self._k.list_drafts(slug), 0, 99)]

    def due(self, slug: str, now: datetime, limit: int = 100) -> list[int]:
        """Drafts whose review time has run out, oldest first (bounded: the next tick takes the rest)."""
        found = self._r.zrangebyscore(self._k.list_drafts(slug), "-inf", now.timestamp(), start=0, num=limit)
        return [int(n) for n in found]

    def give_back(self, slug: str, edition: str, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        if ids:
            self._r.sadd(self._k.list_returned(slug, edition), *ids)

    def returned(self, slug: str, edition: str) -> list[str]:
        return sorted(self._r.smembers(self._k.list_returned(slug, edition)))

    def clear_returned(self, slug: str, edition: str, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        if ids:
            self._r.srem(self._k.list_returned(slug, edition), *ids)
