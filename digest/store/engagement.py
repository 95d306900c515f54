"""Who did what with an issue: unique people per provider event kind, and unique clicks per URL.

The per-delivery record (events.py) keeps only the latest event, so an open followed by a click would
hide the open; reports need every kind once per person, hence a set per kind. Clicks are counted per
(recipient, URL) once, so one reader clicking a link ten times is one click on that article.

The sets hold a member per person (a million opens are tens of megabytes), yet reports read only how
many: each set's size is kept beside it in the issue's hash (`who_KIND`), moved in the same script
that adds a member, so `digest prune` can delete the sets with the other events and every count
stays. Once an issue's events are pruned, a late event adds nobody: a set made again then would
never be pruned, and could count a person twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from digest.store.client import Client
from digest.store.keys import Keys

# An issue holds tens of links; a provider (or a forged-but-signed batch) reporting thousands of
# distinct URLs must not grow the hash without end: past this many, clicks land on OTHER_URL.
MAX_URLS_PER_ISSUE = 500
OTHER_URL = "-"  # never a kept URL (those start with http), so it cannot collide with one
# Every kind an event can put a person under (digest/delivery/feedback.py maps provider events onto
# these): the sets a prune deletes are named from this list, so a kind outside it is not kept.
PEOPLE_KINDS = ("processed", "delivered", "deferred", "bounce", "bounce-soft", "dropped", "open", "click",
                "spamreport", "unsubscribe")  # fmt: skip
UNSUBSCRIBED_FIELD = "left_after"  # the report's "unsubscribed", kept before its inputs are pruned

# Shared by the scripts here and in events.py: KEYS[1] is the issue hash, whose `pruned` field lists the
# kinds a prune took (a missing hash counts as pruned: the issue is gone, nothing of it is kept).
GUARD = """
local function events_pruned()
  local pruned = redis.call('HGET', KEYS[1], 'pruned') or ''
  return redis.call('EXISTS', KEYS[1]) == 0 or string.find(',' .. pruned .. ',', ',events,', 1, true)
end
-- A set's count starts from the set itself the first time (an issue recorded before counts were kept).
local function count_from_set(field, set)
  if redis.call('HEXISTS', KEYS[1], field) == 0 then
    redis.call('HSET', KEYS[1], field, redis.call('SCARD', set))
  end
end
"""

# KEYS: issue hash, then one set per kind named in ARGV[1..n] (n = #KEYS - 1); then (kind index,
# subscriber id) pairs. A member counts only the first time it is added.
_PEOPLE = (
    GUARD
    + """
if events_pruned() then return 0 end
local kinds = #KEYS - 1
for j = 1, kinds do count_from_set('who_' .. ARGV[j], KEYS[j + 1]) end
local added = 0
for i = kinds + 1, #ARGV, 2 do
  local j = tonumber(ARGV[i])
  if redis.call('SADD', KEYS[j + 1], ARGV[i + 1]) == 1 then
    redis.call('HINCRBY', KEYS[1], 'who_' .. ARGV[j], 1)
    added = added + 1
  end
end
return added
"""
)

# KEYS: issue hash, clicks hash, clickers set. ARGV: max URLs, the overflow field, then (member, url)
# pairs. A pair counts only the first time its member is added; a URL new to a full hash counts as OTHER.
_CLICKS = (
    GUARD
    + """
if events_pruned() then return 0 end
local most, other = tonumber(ARGV[1]), ARGV[2]
local counted = 0
for i = 3, #ARGV, 2 do
  if redis.call('SADD', KEYS[3], ARGV[i]) == 1 then
    local url = ARGV[i + 1]
    if redis.call('HEXISTS', KEYS[2], url) == 0 and redis.call('HLEN', KEYS[2]) >= most then
      url = other
    end
    redis.call('HINCRBY', KEYS[2], url, 1)
    counted = counted + 1
  end
end
return counted
"""
)

# KEYS: issue hash, then one set per kind named in ARGV[2..]. Every kind's count is written where it is
# missing, and the report's unsubscribed count (ARGV[1], '' for none) where it is not kept yet.
_SETTLE = (
    GUARD
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for j = 2, #KEYS do count_from_set('who_' .. ARGV[j], KEYS[j]) end
if ARGV[1] ~= '' then redis.call('HSETNX', KEYS[1], '"""
    + UNSUBSCRIBED_FIELD
    + """', ARGV[1]) end
return 1
"""
)

Issue = tuple[str, int]
SCRIPT_PAIRS = 1000  # (kind, member) pairs per script run: Redis blocks while one runs


def _clicker(subscriber_id: str, url: str) -> str:
    return f"{subscriber_id}|{hashlib.sha256(url.encode()).hexdigest()[:16]}"


class EngagementStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys
        self._people = self._r.register_script(_PEOPLE)
        self._clicks = self._r.register_script(_CLICKS)
        self._settle = self._r.register_script(_SETTLE)

    def _sets(self, slug: str, number: int, kinds: Sequence[str]) -> list[str]:
        return [self._k.issue_people(slug, number, kind) for kind in kinds]

    def record(
        self, people: Iterable[tuple[Issue, str, str]], clicks: Sequence[tuple[Issue, str, str]]
    ) -> int:
        """Add (issue, kind, subscriber id) to the kind's set, counted in the issue's hash, and count
        (issue, subscriber, URL) clicks once each; returns how many clicks were new."""
        by_issue: dict[Issue, list[tuple[str, str]]] = {}
        for issue, kind, subscriber_id in people:
            if kind in PEOPLE_KINDS:
                by_issue.setdefault(issue, []).append((kind, subscriber_id))
        for (slug, number), pairs in by_issue.items():
            for start in range(0, len(pairs), SCRIPT_PAIRS):
                part = pairs[start : start + SCRIPT_PAIRS]
                kinds = sorted({kind for kind, _ in part})
                index = {kind: str(j) for j, kind in enumerate(kinds, 1)}
                members = [x for kind, sid in part for x in (index[kind], sid)]
                names = [self._k.issue(slug, number), *self._sets(slug, number, kinds)]
                self._people(keys=names, args=[*kinds, *members])
        by_url: dict[Issue, list[str]] = {}
        for issue, subscriber_id, url in clicks:
            by_url.setdefault(issue, []).extend((_clicker(subscriber_id, url), url or OTHER_URL))
        counted = 0
        for (slug, number), flat in by_url.items():
            keys = [
                self._k.issue(slug, number),
                self._k.issue_clicks(slug, number),
                self._k.issue_clickers(slug, number),
            ]
            for start in range(0, len(flat), 2 * SCRIPT_PAIRS):
                args: list[str | int] = [
                    MAX_URLS_PER_ISSUE,
                    OTHER_URL,
                    *flat[start : start + 2 * SCRIPT_PAIRS],
                ]
                counted += int(self._clicks(keys=keys, args=args))
        return counted

    def people(self, slug: str, number: int, kinds: Sequence[str]) -> dict[str, int]:
        """How many distinct recipients had each kind of event: the kept count, or for an issue
        recorded before counts were kept, the set's size."""
        kept = self._r.hmget(self._k.issue(slug, number), [f"who_{kind}" for kind in kinds])
        missing = [kind for kind, n in zip(kinds, kept, strict=True) if n is None]
        pipe = self._r.pipeline(transaction=False)
        for name in self._sets(slug, number, missing):
            pipe.scard(name)
        sizes = dict(zip(missing, pipe.execute() if missing else [], strict=True))
        return {kind: int(n if n is not None else sizes[kind]) for kind, n in zip(kinds, kept, strict=True)}

    def clicks(self, slug: str, number: int) -> dict[str, int]:
        """Clicked URL (OTHER_URL for those not kept) -> recipients who clicked it."""
        return {url: int(n) for url, n in self._r.hgetall(self._k.issue_clicks(slug, number)).items()}

    def members(self, slug: str, number: int, kind: str) -> set[str]:
        """The subscriber ids with an event of this kind (at most the issue's recipients; none once
        the issue's events are pruned)."""
        return set(self._r.smembers(self._k.issue_people(slug, number, kind)))

    def people_sets(self, slug: str, number: int) -> list[str]:
        """The names of every per-kind set of the issue, for a prune to delete once counts are settled."""
        return self._sets(slug, number, PEOPLE_KINDS)

    def settle(self, slug: str, number: int, unsubscribed: int | None = None) -> None:
        """Before a prune takes the sets: every kind's count kept in the issue's hash, and the report's
        unsubscribed count if given (the first one kept stays)."""
        args = ["" if unsubscribed is None else str(unsubscribed), *PEOPLE_KINDS]
        self._settle(keys=[self._k.issue(slug, number), *self.people_sets(slug, number)], args=args)

    def unsubscribed(self, slug: str, number: int) -> int | None:
        """The report's unsubscribed count kept by a prune, None while it is still worked out live."""
        kept = self._r.hget(self._k.issue(slug, number), UNSUBSCRIBED_FIELD)
        return None if kept is None else int(kept)
