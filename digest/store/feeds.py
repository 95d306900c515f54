"""Feeds: one record per URL, shared by the lists that read it, with the state of its last poll.

A feed's id is derived from the URL it was first added with and never changes: when a permanent
redirect moves the feed, its `url` field and the URL index follow, and every key stays where it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from digest.errors import NotFound
from digest.models import Feed, FeedStatus
from digest.store.client import Client
from digest.store.codec import dt, ts
from digest.store.keys import Keys


def feed_id_for(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


class FeedStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def add(self, url: str, *, title: str = "") -> Feed:
        """The feed for this URL, created when new (adding the same URL twice yields the same feed;
        so does adding the URL a feed had before a permanent redirect moved it)."""
        feed_id = self._r.hget(self._k.feeds(), url) or feed_id_for(url)
        key = self._k.feed(feed_id)
        if self._r.hsetnx(key, "url", url) or self._r.hget(key, "url") == url:
            self._r.hset(self._k.feeds(), url, feed_id)
        if title:
            self._r.hsetnx(key, "title", title)
        return self.get(feed_id)

    def find(self, url_or_id: str) -> Feed:
        """By the feed's URL, the web page it was added through, or its id."""
        feed_id = (
            self._r.hget(self._k.feeds(), url_or_id)
            or self._r.hget(self._k.feed_pages(), url_or_id)
            or url_or_id
        )
        return self.get(feed_id)

    def ids_for_urls(self, urls: Sequence[str]) -> list[str | None]:
        """The feed id each URL (a feed's, or a page it was added through) finds; one round trip."""
        if not urls:
            return []
        pipe = self._r.pipeline(transaction=False)
        pipe.hmget(self._k.feeds(), list(urls))
        pipe.hmget(self._k.feed_pages(), list(urls))
        by_feed, by_page = pipe.execute()
        return [f or p or None for f, p in zip(by_feed, by_page, strict=True)]

    def add_page(self, page_url: str, feed_id: str) -> None:
        """Remember the web page the feed was added through (autodiscovery): that address finds it."""
        # The feed's record (feed-tagged) and the page index (global) share no hash slot: the record
        # first, so the feed always names the index entry that `detach` must clean up.
        self._r.hset(self._k.feed(feed_id), "page_url", page_url)
        self._r.hset(self._k.feed_pages(), page_url, feed_id)

    def attach(self, slug: str, feed_id: str) -> bool:
        """Whether the list reads the feed from now (False: it already did)."""
        # List-tagged and feed-tagged keys: two commands, the feed's readers first. Cut short, a feed
        # has a reader that does not read it yet (polled for nothing until attached again), never a
        # reader it does not know of (whose feed's identities a prune would take).
        self._r.sadd(self._k.feed_lists(feed_id), slug)
        return bool(self._r.sadd(self._k.list_feeds(slug), feed_id))

    def is_attached(self, slug: str, feed_id: str) -> bool:
        return bool(self._r.sismember(self._k.list_feeds(slug), feed_id))

    def detach(self, slug: str, feed_id: str) -> bool:
        """Stop the list reading the feed; a feed no list reads leaves the poll (its articles stay)."""
        # The reverse order of `attach`, for the same reason: the feed's readers stay a superset.
        removed = self._r.srem(self._k.list_feeds(slug), feed_id)
        pipe = self._r.pipeline(transaction=True)
        pipe.srem(self._k.feed_lists(feed_id), slug)
        pipe.scard(self._k.feed_lists(feed_id))
        _, readers = pipe.execute()
        if not readers:
            self._r.hdel(self._k.feeds(), self.get(feed_id).url)
            page = self._r.hget(self._k.feed(feed_id), "page_url")
            if page and self._r.hget(self._k.feed_pages(), page) == feed_id:
                self._r.hdel(self._k.feed_pages(), page)
        return bool(removed)

    def get(self, feed_id: str) -> Feed:
        return _from_hash(feed_id, self._r.hgetall(self._k.feed(feed_id)))

    def get_many(self, feed_ids: Sequence[str]) -> list[Feed]:
        """In one round trip; feeds that vanished meanwhile are left out."""
        pipe = self._r.pipeline(transaction=False)
        for feed_id in feed_ids:
            pipe.hgetall(self._k.feed(feed_id))
        return [_from_hash(f, raw) for f, raw in zip(feed_ids, pipe.execute(), strict=True) if raw]

    def ids_for_list(self, slug: str) -> list[str]:
        return sorted(self._r.smembers(self._k.list_feeds(slug)))

    def for_list(self, slug: str) -> list[Feed]:
        return [self.get(feed_id) for feed_id in self.ids_for_list(slug)]

    def all_ids(self) -> list[str]:
        return sorted(set(self._r.hvals(self._k.feeds())))

    def move(self, feed_id: str, new_url: str) -> bool:
        """Follow a permanent redirect: same id, new URL. Refused (False) when the new URL is already
        another feed of ours, so two records never claim one URL."""
        owner = self._r.hget(self._k.feeds(), new_url)
        if owner and owner != feed_id:
            return False
        old_url = self.get(feed_id).url
        # The URL index is global and the record feed-tagged: the new URL is indexed first and the old
        # one dropped last, so a move cut short leaves both URLs finding the feed, never neither.
        self._r.hset(self._k.feeds(), new_url, feed_id)
        self._r.hset(self._k.feed(feed_id), "url", new_url)
        if old_url != new_url:
            self._r.hdel(self._k.feeds(), old_url)
        return True

    def set_poll_every(self, feed_id: str, seconds: int) -> None:
        """This feed's own interval between polls (0: the default); it applies from its next poll."""
        self._r.hset(self._k.feed(feed_id), "poll_every", str(seconds))

    def record_success(
        self,
        feed_id: str,
        *,
        now: datetime,
        title: str,
        etag: str,
        last_modified: str,
        next_poll_at: datetime | None = None,
        warning: str | None = None,
    ) -> None:
        """`warning` replaces the last poll's ("" clears it); None keeps it (a 304 says nothing new)."""
        fields = {
            "last_polled_at": ts(now),
            "last_error": "",
            "error_count": "0",
            "status": FeedStatus.OK.value,
            "next_poll_at": ts(next_poll_at),
        }
        if title:
            fields["title"] = title
        if warning is not None:
            fields["warning"] = warning
        # A 304 carries no validators of its own: keep the ones we have rather than erase them.
        if etag:
            fields["etag"] = etag
        if last_modified:
            fields["last_modified"] = last_modified
        self._r.hset(self._k.feed(feed_id), mapping=fields)

    def record_failure(
        self,
        feed_id: str,
        *,
        now: datetime,
        error: str,
        failures: int | None = None,
        status: FeedStatus = FeedStatus.OK,
        next_poll_at: datetime | None = None,
    ) -> None:
        key = self._k.feed(feed_id)
        fields = {
            "last_polled_at": ts(now),
            "last_error": error,
            "status": status.value,
            "next_poll_at": ts(next_poll_at),
        }
        pipe = self._r.pipeline(transaction=True)
        pipe.hset(key, mapping=fields)
        if failures is None:
            pipe.hincrby(key, "error_count", 1)
        else:
            pipe.hset(key, "error_count", str(failures))
        pipe.execute()

    def enable(self, feed_id: str) -> None:
        """A feed added again by an operator is given a fresh start, even after a 410."""
        self._r.hset(
            self._k.feed(feed_id),
            mapping={"status": FeedStatus.OK.value, "error_count": "0", "next_poll_at": "", "last_error": ""},
        )

    def is_seen(self, feed_id: str, identity: str) -> bool:
        return bool(self._r.sismember(self._k.feed_seen(feed_id), identity))

    def unseen(self, feed_id: str, identities: Sequence[str]) -> list[str]:
        """The identities not collected yet, in the order given (one round trip for a whole feed)."""
        if not identities:
            return []
        flags = self._r.smismember(self._k.feed_seen(feed_id), list(identities))
        return [identity for identity, seen in zip(identities, flags, strict=True) if not seen]

    def mark_seen(self, feed_id: str, identity: str, article_id: str, first_seen: datetime) -> None:
        """Marked only after the article is stored, so a crash in between re-collects rather than loses it."""
        self.mark_seen_many(feed_id, [(identity, article_id)], first_seen)

    def mark_seen_many(
        self,
        feed_id: str,
        pairs: Sequence[tuple[str, str]],
        first_seen: datetime,
        *,
        pages: Mapping[str, str] | None = None,
    ) -> None:
        """Entries (identity, article id) collected; `pages` maps the new articles whose page is to
        read to the feed's summary of them (the fallback if the page cannot be read)."""
        if not pairs:
            return
        pipe = self._r.pipeline(transaction=True)
        pipe.zadd(self._k.feed_articles(feed_id), {a: first_seen.timestamp() for _, a in pairs}, nx=True)
        pipe.sadd(self._k.feed_seen(feed_id), *(identity for identity, _ in pairs))
        if pages:
            pipe.hset(self._k.feed_pending_pages(feed_id), mapping=dict(pages))
        pipe.execute()

    def mark_skipped(self, feed_id: str, identities: Sequence[str]) -> None:
        """Entries left out on purpose (over a cap): seen, so they are not news at the next poll."""
        if identities:
            self._r.sadd(self._k.feed_seen(feed_id), *identities)

    def pending_pages(self, feed_id: str) -> dict[str, str]:
        """Article id -> the feed's summary, for the articles whose page is still to read."""
        return dict(self._r.hgetall(self._k.feed_pending_pages(feed_id)))

    def page_done(self, feed_id: str, article_id: str) -> None:
        self._r.hdel(self._k.feed_pending_pages(feed_id), article_id)

    def article_ids_between(self, feed_id: str, after: datetime | None, until: datetime) -> list[str]:
        """Articles first seen in (after, until]: the window of one issue."""
        low = f"({after.timestamp()}" if after else "-inf"
        return list(self._r.zrangebyscore(self._k.feed_articles(feed_id), low, until.timestamp()))

    def article_count(self, feed_id: str) -> int:
        return int(self._r.zcard(self._k.feed_articles(feed_id)))


def _from_hash(feed_id: str, raw: dict[str, str]) -> Feed:
    if not raw:
        raise NotFound(f"no feed {feed_id!r}: see `digest feeds list`")
    return Feed(
        id=feed_id,
        url=raw["url"],
        title=raw.get("title", ""),
        etag=raw.get("etag", ""),
        last_modified=raw.get("last_modified", ""),
        last_polled_at=dt(raw.get("last_polled_at")),
        last_error=raw.get("last_error", ""),
        error_count=int(raw.get("error_count", "0")),
        status=FeedStatus(raw.get("status") or FeedStatus.OK),
        next_poll_at=dt(raw.get("next_poll_at")),
        poll_every=int(raw.get("poll_every") or 0),
        warning=raw.get("warning", ""),
    )
