"""Provider events: once per event id, and per delivery the latest one (late arrivals do not regress).

Every event is counted in the issue's own hash (`ev_KIND`), which reports and metrics read and which a
prune keeps; the per-delivery record goes with the issue's other events. An event arriving after that
prune (a provider retries for days) is still counted, but writes no record: one made again then would
never be pruned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from digest.store.client import Client
from digest.store.engagement import GUARD, SCRIPT_PAIRS
from digest.store.keys import Keys

EVENT_ID_SECONDS = 7 * 24 * 3600  # SendGrid retries failed posts for up to 72 hours

# KEYS: issue hash, its events hash. ARGV: (subscriber id, kind, time) triples, in arrival order. A
# record changes when the event is as new as the one it holds; returns how many records changed.
_RECORD = (
    GUARD
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local keep = not events_pruned()
local changed, n = {}, 0
for i = 1, #ARGV, 3 do
  local sid, kind, at = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  redis.call('HINCRBY', KEYS[1], 'ev_' .. kind, 1)
  if keep then
    local cur = redis.call('HGET', KEYS[2], sid)
    if not cur or tonumber(at) >= tonumber(string.match(cur, '|(.*)$')) then
      redis.call('HSET', KEYS[2], sid, kind .. '|' .. at)
      if not changed[sid] then changed[sid] = true; n = n + 1 end
    end
  end
end
return n
"""
)


class EventStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys
        self._record = self._r.register_script(_RECORD)

    def claim_new(self, event_ids: Sequence[str]) -> set[str]:
        """The ids never seen before, now marked seen: one pipelined round trip for the whole batch."""
        pipe = self._r.pipeline(transaction=False)
        for event_id in event_ids:
            pipe.set(self._k.webhook_event(event_id), "1", nx=True, ex=EVENT_ID_SECONDS)
        return {event_id for event_id, new in zip(event_ids, pipe.execute(), strict=True) if new}

    def record_delivery_events(self, items: Sequence[tuple[tuple[str, int], str, str, datetime]]) -> int:
        """Keep each delivery's latest event and count events per issue; returns records changed."""
        by_issue: dict[tuple[str, int], list[str]] = {}
        for issue, subscriber_id, kind, at in items:
            by_issue.setdefault(issue, []).extend((subscriber_id, kind, f"{at.timestamp():.3f}"))
        changed = 0
        for (slug, number), flat in by_issue.items():
            keys = [self._k.issue(slug, number), self._k.issue_events(slug, number)]
            for start in range(0, len(flat), 3 * SCRIPT_PAIRS):
                changed += int(self._record(keys=keys, args=flat[start : start + 3 * SCRIPT_PAIRS]))
        return changed

    def latest(self, slug: str, number: int, subscriber_id: str) -> str | None:
        raw = self._r.hget(self._k.issue_events(slug, number), subscriber_id)
        return None if raw is None else str(raw).split("|")[0]
