"""Feeds: one record per URL, shared by the lists that read it, with the state of its last poll."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import redis

from digest.errors import NotFound
from digest.keys import Keys
from digest.models import Feed
from digest.store.codec import dt, ts


def feed_id_for(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


class FeedStore:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def add(self, url: str, *, title: str = "") -> Feed:
        """The feed for this URL, created when new (adding the same URL twice yields the same feed)."""
        feed_id = feed_id_for(url)
        self._r.hsetnx(self._k.feeds(), url, feed_id)
        key = self._k.feed(feed_id)
        self._r.hsetnx(key, "url", url)
        if title:
            self._r.hsetnx(key, "title", title)
        return self.get(feed_id)

    def attach(self, slug: str, feed_id: str) -> None:
        self._r.sadd(self._k.list_feeds(slug), feed_id)

    def get(self, feed_id: str) -> Feed:
        raw: dict[str, str] = self._r.hgetall(self._k.feed(feed_id))
        if not raw:
            raise NotFound(f"no feed with id {feed_id}: see `digest feeds list`")
        return Feed(
            id=feed_id,
            url=raw["url"],
            title=raw.get("title", ""),
            etag=raw.get("etag", ""),
            last_modified=raw.get("last_modified", ""),
            last_polled_at=dt(raw.get("last_polled_at")),
            last_error=raw.get("last_error", ""),
            error_count=int(raw.get("error_count", "0")),
        )

    def ids_for_list(self, slug: str) -> list[str]:
        return sorted(self._r.smembers(self._k.list_feeds(slug)))

    def for_list(self, slug: str) -> list[Feed]:
        return [self.get(feed_id) for feed_id in self.ids_for_list(slug)]

    def all_ids(self) -> list[str]:
        return sorted(self._r.hvals(self._k.feeds()))

    def record_success(
        self, feed_id: str, *, now: datetime, title: str, etag: str, last_modified: str
    ) -> None:
        fields = {"last_polled_at": ts(now), "last_error": "", "error_count": "0"}
        if title:
            fields["title"] = title
        # A 304 carries no validators of its own: keep the ones we have rather than erase them.
        if etag:
            fields["etag"] = etag
        if last_modified:
            fields["last_modified"] = last_modified
        self._r.hset(self._k.feed(feed_id), mapping=fields)

    def record_failure(self, feed_id: str, *, now: datetime, error: str) -> None:
        key = self._k.feed(feed_id)
        pipe = self._r.pipeline()
        pipe.hset(key, mapping={"last_polled_at": ts(now), "last_error": error})
        pipe.hincrby(key, "error_count", 1)
        pipe.execute()

    def is_seen(self, feed_id: str, identity: str) -> bool:
        return bool(self._r.sismember(self._k.feed_seen(feed_id), identity))

    def mark_seen(self, feed_id: str, identity: str, article_id: str, first_seen: datetime) -> None:
        """Marked only after the article is stored, so a crash in between re-collects rather than loses it."""
        pipe = self._r.pipeline()
        pipe.zadd(self._k.feed_articles(feed_id), {article_id: first_seen.timestamp()}, nx=True)
        pipe.sadd(self._k.feed_seen(feed_id), identity)
        pipe.execute()

    def article_ids_between(self, feed_id: str, after: datetime | None, until: datetime) -> list[str]:
        """Articles first seen in (after, until]: the window of one issue."""
        low = f"({after.timestamp()}" if after else "-inf"
        return list(self._r.zrangebyscore(self._k.feed_articles(feed_id), low, until.timestamp()))

    def article_count(self, feed_id: str) -> int:
        return int(self._r.zcard(self._k.feed_articles(feed_id)))
