"""Who did what with an issue: unique people per provider event kind, and unique clicks per URL.

The per-delivery record (events.py) keeps only the latest event, so an open followed by a click would
hide the open; reports need every kind once per person, hence a set per kind. Clicks are counted per
(recipient, URL) once, so one reader clicking a link ten times is one click on that article.
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

# KEYS: clicks hash, clickers set. ARGV: max URLs, the overflow field, then (member, url) pairs.
# A pair counts only the first time its member is added; a URL new to a full hash counts as OTHER.
_CLICKS = """
local most, other = tonumber(ARGV[1]), ARGV[2]
local counted = 0
for i = 3, #ARGV, 2 do
  if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
    local url = ARGV[i + 1]
    if redis.call('HEXISTS', KEYS[1], url) == 0 and redis.call('HLEN', KEYS[1]) >= most then
      url = other
    end
    redis.call('HINCRBY', KEYS[1], url, 1)
    counted = counted + 1
  end
end
return counted
"""

Issue = tuple[str, int]


def _clicker(subscriber_id: str, url: str) -> str:
    return f"{subscriber_id}|{hashlib.sha256(url.encode()).hexdigest()[:16]}"


class EngagementStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys
        self._clicks = self._r.register_script(_CLICKS)

    def record(
        self, people: Iterable[tuple[Issue, str, str]], clicks: Sequence[tuple[Issue, str, str]]
    ) -> int:
        """Add (issue, kind, subscriber id) to the kind's set and count (issue, subscriber, URL) clicks
        once each; returns how many clicks were new."""
        pipe = self._r.pipeline(transaction=False)
        for (slug, number), kind, subscriber_id in people:
            pipe.sadd(self._k.issue_people(slug, number, kind), subscriber_id)
        pipe.execute()
        by_issue: dict[Issue, list[str]] = {}
        for issue, subscriber_id, url in clicks:
            by_issue.setdefault(issue, []).extend((_clicker(subscriber_id, url), url or OTHER_URL))
        counted = 0
        for (slug, number), pairs in by_issue.items():
            keys = [self._k.issue_clicks(slug, number), self._k.issue_clickers(slug, number)]
            for start in range(0, len(pairs), 2000):  # bounded script runs: Redis blocks while one runs
                args: list[str | int] = [MAX_URLS_PER_ISSUE, OTHER_URL, *pairs[start : start + 2000]]
                counted += int(self._clicks(keys=keys, args=args))
        return counted

    def people(self, slug: str, number: int, kinds: Sequence[str]) -> dict[str, int]:
        """How many distinct recipients had each kind of event."""
        pipe = self._r.pipeline(transaction=False)
        for kind in kinds:
            pipe.scard(self._k.issue_people(slug, number, kind))
        return {kind: int(n) for kind, n in zip(kinds, pipe.execute(), strict=True)}

    def clicks(self, slug: str, number: int) -> dict[str, int]:
        """Clicked URL (OTHER_URL for those not kept) -> recipients who clicked it."""
        return {url: int(n) for url, n in self._r.hgetall(self._k.issue_clicks(slug, number)).items()}

    def members(self, slug: str, number: int, kind: str) -> set[str]:
        """The subscriber ids with an event of this kind (at most the issue's recipients)."""
        return set(self._r.smembers(self._k.issue_people(slug, number, kind)))
