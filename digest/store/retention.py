"""The Redis side of retention: measure what would go, and unlink it, a bounded batch at a time.

Every walk is a SCAN with a COUNT or a range of at most BATCH members, and every deletion an UNLINK
(Redis frees a million-field hash on its own thread), so a prune never holds Redis for long however
much has piled up. Deletions that must not race a send or a new reader are Lua scripts that look
again, inside Redis, at what made the data deletable; their keys share one hash tag, so they stay
cluster-safe.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from digest.store.client import Client
from digest.store.codec import STORED_EDITION, load_list
from digest.store.keys import Keys

BATCH = 500
SCAN_COUNT = 1000
_ISSUE_FIELDS = ["status", "finished_at", "created_at", "article_ids", STORED_EDITION, "pruned"]
_COUNTERS = {"hash": "hlen", "zset": "zcard", "set": "scard", "any": "exists"}

# KEYS[1] is the issue hash; the rest go only while its status is still one of ARGV[2..] (sent,
# cancelled, dropped): an operator who resumed the issue meanwhile keeps everything. ARGV[1] lists the
# kinds now pruned, so later runs skip the issue's keys without looking at them.
_UNLINK_IF_SETTLED = """
local status = redis.call('HGET', KEYS[1], 'status')
for i = 2, #ARGV do
  if ARGV[i] == status then
    local n = 0
    for j = 2, #KEYS do n = n + redis.call('UNLINK', KEYS[j]) end
    redis.call('HSET', KEYS[1], 'pruned', ARGV[1])
    return n
  end
end
return -1
"""

# KEYS[1] is the feed's set of reading lists: a list that started reading the feed again keeps it.
_UNLINK_IF_UNREAD = """
if redis.call('SCARD', KEYS[1]) > 0 then return -1 end
local n = 0
for j = 2, #KEYS do n = n + redis.call('UNLINK', KEYS[j]) end
return n
"""


@dataclass
class Tally:
    """What one kind frees: its own items (records, events, articles…), the keys, MEMORY USAGE bytes."""

    items: int = 0
    keys: int = 0
    bytes: int = 0

    def add(self, other: Tally) -> None:
        self.items += other.items
        self.keys += other.keys
        self.bytes += other.bytes


@dataclass(frozen=True)
class IssueAge:
    slug: str
    number: int
    status: str
    settled_at: float  # when its send finished, else when it was built (epoch seconds)
    article_ids: tuple[str, ...]
    edition: str
    pruned: frozenset[str]  # kinds a prune already deleted


class RetentionStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys
        self._unlink_if_settled = client.register_script(_UNLINK_IF_SETTLED)
        self._unlink_if_unread = client.register_script(_UNLINK_IF_UNREAD)

    # -- issues and what hangs off them ---------------------------------------------------------
    def issues(self) -> Iterator[IssueAge]:
        """Every issue of every list, read BATCH at a time."""
        for slug in sorted(self._r.sscan_iter(self._k.lists(), count=SCAN_COUNT)):
            numbers = [int(n) for n in self._r.zrange(self._k.list_issues(slug), 0, -1)]
            for start in range(0, len(numbers), BATCH):
                part = numbers[start : start + BATCH]
                pipe = self._r.pipeline(transaction=False)
                for number in part:
                    pipe.hmget(
                        self._k.issue(slug, number),
                        _ISSUE_FIELDS,
                    )
                for number, fields in zip(part, pipe.execute(), strict=True):
                    status, finished, created, articles, edition, pruned = fields
                    if status is None:
                        continue
                    settled = float(finished or created or 0)
                    done = frozenset(filter(None, (pruned or "").split(",")))
                    yield IssueAge(
                        slug, number, status, settled, tuple(load_list(articles)), edition or "", done
                    )

    def measure_each(self, keys: Sequence[tuple[str, str]]) -> list[Tally]:
        """Items and bytes of each key (name, Redis type), in one round trip; a missing key is 0."""
        if not keys:
            return []
        pipe = self._r.pipeline(transaction=False)
        for name, kind in keys:
            getattr(pipe, _COUNTERS[kind])(name)
            pipe.memory_usage(name)
        found = pipe.execute()
        return [
            Tally(int(items), 1, int(size)) if size is not None else Tally()
            for items, size in zip(found[::2], found[1::2], strict=True)
        ]

    def measure(self, keys: Sequence[tuple[str, str]]) -> Tally:
        total = Tally()
        for tally in self.measure_each(keys):
            total.add(tally)
        return total

    def unlink_if_settled(
        self, issue: IssueAge, keys: Sequence[str], settled: Sequence[str], pruned: Collection[str]
    ) -> bool:
        """Unlink the issue's keys and note the kinds `pruned`, if its status is still one of
        `settled`; False if it moved on."""
        args = [",".join(sorted(pruned)), *settled]
        gone = self._unlink_if_settled(keys=[self._k.issue(issue.slug, issue.number), *keys], args=args)
        return int(gone) >= 0

    # -- articles ------------------------------------------------------------------------------
    def prune_articles(self, before: float, keep: Collection[str], *, dry_run: bool) -> Tally:
        """Articles first seen before `before` that `keep` does not name, feed by feed, BATCH at a time:
        the article, its place in the feed's index, and a page still waiting to be read."""
        tally = Tally()
        for index in self._r.scan_iter(match=self._k.feed_articles_pattern(), count=SCAN_COUNT):
            feed_id = self._k.feed_id_of(index)
            offset = 0
            while True:
                batch = self._r.zrangebyscore(index, "-inf", f"({before}", start=offset, num=BATCH)
                if not batch:
                    break
                drop = [a for a in batch if a not in keep]
                offset += len(batch) - (0 if dry_run else len(drop))
                if not drop:
                    continue
                found = self.measure([(self._k.article(a), "any") for a in drop])
                tally.add(Tally(items=len(drop), keys=found.keys, bytes=found.bytes))
                if not dry_run:
                    # Articles are global keys, each in its own hash slot: one UNLINK apiece, so a
                    # cluster's pipeline sends each to its node (the feed's own keys share one slot).
                    pipe = self._r.pipeline(transaction=False)
                    for article_id in drop:
                        pipe.unlink(self._k.article(article_id))
                    pipe.zrem(index, *drop)
                    pipe.hdel(self._k.feed_pending_pages(feed_id), *drop)
                    pipe.execute()
        return tally

    # -- identities of feeds no list reads ------------------------------------------------------
    def prune_unread_feeds(self, before: float, *, dry_run: bool) -> Tally:
        """A feed no list reads, not polled since `before`: its entry identities, waiting pages and
        record go (re-added, it starts like a new feed); its articles age out with the others."""
        tally = Tally()
        for keys in _batched(self._r.scan_iter(match=self._k.feed_seen_pattern(), count=SCAN_COUNT)):
            feed_ids = [self._k.feed_id_of(key) for key in keys]
            pipe = self._r.pipeline(transaction=False)
            for feed_id in feed_ids:
                pipe.scard(self._k.feed_lists(feed_id))
                pipe.hget(self._k.feed(feed_id), "last_polled_at")
            found = pipe.execute()
            for feed_id, readers, polled in zip(feed_ids, found[::2], found[1::2], strict=True):
                if readers or float(polled or 0) >= before:
                    continue
                doomed = [
                    self._k.feed_seen(feed_id),
                    self._k.feed_pending_pages(feed_id),
                    self._k.feed(feed_id),
                ]
                each = self.measure_each(list(zip(doomed, ("set", "hash", "hash"), strict=True)))
                if dry_run or int(self._unlink_if_unread(keys=[self._k.feed_lists(feed_id), *doomed])) >= 0:
                    size = Tally()
                    for part in each:
                        size.add(part)
                    tally.add(Tally(items=each[0].items, keys=size.keys, bytes=size.bytes))
        return tally

    # -- throttles -------------------------------------------------------------------------------
    def prune_throttles(self, longest_seconds: int, *, dry_run: bool) -> Tally:
        """Request counters and cool-downs with no expiry, or one further off than `longest_seconds`."""
        tally = Tally()
        for pattern in self._k.throttle_patterns():
            for keys in _batched(self._r.scan_iter(match=pattern, count=SCAN_COUNT)):
                pipe = self._r.pipeline(transaction=False)
                for key in keys:
                    pipe.ttl(key)
                stale = [
                    k
                    for k, ttl in zip(keys, pipe.execute(), strict=True)
                    if ttl == -1 or ttl > longest_seconds
                ]
                if not stale:
                    continue
                found = self.measure([(k, "any") for k in stale])
                tally.add(Tally(items=found.keys, keys=found.keys, bytes=found.bytes))
                if not dry_run:
                    pipe = self._r.pipeline(transaction=False)
                    for key in stale:  # global keys, one hash slot each: one UNLINK apiece
                        pipe.unlink(key)
                    pipe.execute()
        return tally


def _batched(names: Iterator[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for name in names:
        batch.append(name)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
