"""Mailing lists."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import redis

from digest.errors import InvalidInput, NotFound
from digest.keys import Keys
from digest.models import MailingList
from digest.store.codec import dt, req_dt, ts


class ListStore:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        # redis-py types every reply as a sync/async union; Any spares a cast at each call site.
        self._r: Any = client
        self._k = keys

    def create(self, mailing_list: MailingList) -> None:
        key = self._k.mailing_list(mailing_list.slug)
        # HSETNX on the slug field makes a concurrent duplicate create fail instead of merging.
        if not self._r.hsetnx(key, "slug", mailing_list.slug):
            raise InvalidInput(f"list {mailing_list.slug!r} exists already: pick another slug")
        fields = {
            "name": mailing_list.name,
            "from_addr": mailing_list.from_addr,
            "reply_to": mailing_list.reply_to,
            "description": mailing_list.description,
            "created_at": ts(mailing_list.created_at),
        }
        pipe = self._r.pipeline()
        pipe.hset(key, mapping=fields)
        pipe.sadd(self._k.lists(), mailing_list.slug)
        pipe.execute()

    def get(self, slug: str) -> MailingList:
        raw: dict[str, str] = self._r.hgetall(self._k.mailing_list(slug))
        if not raw.get("created_at"):
            raise NotFound(
                f"no list {slug!r}: see `digest lists list`, or create it with `digest lists create`"
            )
        return MailingList(
            slug=raw["slug"],
            name=raw.get("name", slug),
            from_addr=raw.get("from_addr", ""),
            reply_to=raw.get("reply_to", ""),
            description=raw.get("description", ""),
            created_at=req_dt(raw.get("created_at")),
        )

    def slugs(self) -> list[str]:
        return sorted(self._r.smembers(self._k.lists()))

    def all(self) -> list[MailingList]:
        return [self.get(slug) for slug in self.slugs()]

    def last_cutoff(self, slug: str) -> datetime | None:
        """End of the previous issue's window; None before the first issue."""
        return dt(self._r.hget(self._k.mailing_list(slug), "last_cutoff"))

    def set_last_cutoff(self, slug: str, cutoff: datetime) -> None:
        self._r.hset(self._k.mailing_list(slug), "last_cutoff", ts(cutoff))
