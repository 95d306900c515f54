"""Delivery records of an issue: one field of one hash per issue, changed only by two Lua scripts.

A record is `state|epoch|detail` (`sending|epoch|previous-state|owner` while in flight), because a
million separate keys would cost several times the memory. The scripts keep three summaries in step
with the records, so the CLI never scans a million fields: per-state counters in the issue hash, a
hash of failure reasons, and the set of unconfirmed recipients.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import redis

from digest.keys import Keys
from digest.models import DeliveryState
from digest.store.codec import req_dt

FINAL_STATES = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.UNCONFIRMED, DeliveryState.SKIPPED)
DETAIL_MAX = 300
RECORD_ATTEMPTS = 25  # about 40 s of waiting for a Redis that restarts

# Claim before the side effect. A record still `sending` belonged either to a worker that died
# mid-request (its redelivered task has the same owner, or the lease ran out): we cannot know whether
# the mail left, so it becomes `unconfirmed`. A live claim of another owner is left alone (`busy`).
# `failed` may be claimed again; `unconfirmed` only by a deliberate resend.
CLAIM = """
local now, owner, lease, resend = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4] == 'resend'
local out = {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local cur = redis.call('HGET', KEYS[1], id)
  local state, at, rest = '', '', ''
  if cur then state, at, rest = string.match(cur, '^([^|]*)|([^|]*)|?(.*)$') end
  if state == '' or state == 'queued' or state == 'failed' or (resend and state == 'unconfirmed') then
    if state == 'failed' then
      if redis.call('HINCRBY', KEYS[3], rest, -1) <= 0 then redis.call('HDEL', KEYS[3], rest) end
    elseif state == 'unconfirmed' then
      redis.call('SREM', KEYS[4], id)
    end
    redis.call('HSET', KEYS[1], id, 'sending|' .. now .. '|' .. state .. '|' .. owner)
    out[#out + 1] = 'claimed'
  elseif state == 'sending' then
    local prev, holder = string.match(rest, '^([^|]*)|(.*)$')
    if not prev then prev, holder = rest, '' end
    if holder == owner or tonumber(now) - tonumber(at) > lease then
      redis.call('HSET', KEYS[1], id, 'unconfirmed|' .. now .. '|worker lost mid-send')
      redis.call('HINCRBY', KEYS[2], 'n_unconfirmed', 1)
      redis.call('SADD', KEYS[4], id)
      if prev == 'failed' or prev == 'unconfirmed' then redis.call('HINCRBY', KEYS[2], 'n_' .. prev, -1) end
      out[#out + 1] = 'unconfirmed'
    else
      out[#out + 1] = 'busy'
    end
  else
    out[#out + 1] = state
  end
end
return out
"""

# Outcomes: sent/failed/unconfirmed replace the caller's own claim; skipped only where nothing was.
RECORD = """
local now, owner, n = ARGV[1], ARGV[2], 0
for i = 3, #ARGV, 3 do
  local id, state, detail = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local cur = redis.call('HGET', KEYS[1], id)
  if state == 'skipped' then
    if not cur then
      redis.call('HSET', KEYS[1], id, 'skipped|' .. now .. '|' .. detail)
      redis.call('HINCRBY', KEYS[2], 'n_skipped', 1)
      n = n + 1
    end
  elseif cur and string.sub(cur, 1, 8) == 'sending|' then
    local prev, holder = string.match(cur, '^sending|[^|]*|([^|]*)|?(.*)$')
    if holder == owner or owner == '' then
      redis.call('HSET', KEYS[1], id, state .. '|' .. now .. '|' .. detail)
      redis.call('HINCRBY', KEYS[2], 'n_' .. state, 1)
      if prev == 'failed' or prev == 'unconfirmed' then redis.call('HINCRBY', KEYS[2], 'n_' .. prev, -1) end
      if state == 'failed' then redis.call('HINCRBY', KEYS[3], detail, 1) end
      if state == 'unconfirmed' then redis.call('SADD', KEYS[4], id) end
      n = n + 1
    end
  end
end
return n
"""


@dataclass(frozen=True)
class DeliveryRecord:
    subscriber_id: str
    state: DeliveryState
    at: datetime
    detail: str  # message id when sent, the reason when failed or skipped


def clean_detail(detail: str) -> str:
    """The record's separator and line breaks cannot appear in a detail; long reasons are cut."""
    return " ".join(detail.replace("|", "/").split())[:DETAIL_MAX]


def _epoch(now: datetime) -> str:
    # Whole seconds: a delivery's time needs no more, and a million records save 7 bytes each.
    return str(int(now.timestamp()))


class DeliveryRecords:
    """Mixed into IssueStore: the records live beside the issue, under the same hash tag."""

    _r: Any
    _k: Keys
    _claim: Any
    _record: Any

    def _record_keys(self, slug: str, number: int) -> list[str]:
        k = self._k
        return [
            k.issue_deliveries(slug, number),
            k.issue(slug, number),
            k.issue_errors(slug, number),
            k.issue_unconfirmed(slug, number),
        ]

    def claim(
        self,
        slug: str,
        number: int,
        subscriber_ids: Sequence[str],
        now: datetime,
        *,
        owner: str = "",
        lease_seconds: int = 900,
        resend_unconfirmed: bool = False,
    ) -> dict[str, str]:
        """Atomically take each recipient for sending; id -> `claimed`, `busy` or the state it was in."""
        if not subscriber_ids:
            return {}
        mode = "resend" if resend_unconfirmed else "send"
        args = [_epoch(now), owner, str(lease_seconds), mode, *subscriber_ids]
        result = self._claim(keys=self._record_keys(slug, number), args=args)
        return dict(zip(subscriber_ids, result, strict=True))

    def record(
        self,
        slug: str,
        number: int,
        outcomes: Sequence[tuple[str, DeliveryState, str]],
        now: datetime,
        *,
        owner: str = "",
    ) -> int:
        """Write sent/failed/skipped outcomes; returns how many records changed."""
        if not outcomes:
            return 0
        args: list[str] = [_epoch(now), owner]
        for subscriber_id, state, detail in outcomes:
            args += [subscriber_id, state.value, clean_detail(detail)]
        # The outcome is known only here, in memory: if Redis is restarting, wait for it rather than
        # lose it (a second write of the same outcome changes nothing, the claim is gone by then).
        for attempt in range(RECORD_ATTEMPTS):
            try:
                return int(self._record(keys=self._record_keys(slug, number), args=args))
            except (redis.ConnectionError, redis.TimeoutError):
                if attempt == RECORD_ATTEMPTS - 1:
                    raise
                time.sleep(min(2.0, 0.05 * 2**attempt))
        return 0

    def counts(self, slug: str, number: int) -> dict[str, int]:
        """Recipients by final state (from the counters, so it is O(1) at any size)."""
        fields = [f"n_{state.value}" for state in FINAL_STATES]
        values = self._r.hmget(self._k.issue(slug, number), fields)
        return {state.value: int(v or 0) for state, v in zip(FINAL_STATES, values, strict=True)}

    def errors(self, slug: str, number: int) -> dict[str, int]:
        """Failure reasons of the recipients failed now, most frequent first."""
        raw: dict[str, str] = self._r.hgetall(self._k.issue_errors(slug, number))
        pairs = [(reason, int(n)) for reason, n in raw.items() if int(n) > 0]
        return dict(sorted(pairs, key=lambda pair: (-pair[1], pair[0])))

    def unconfirmed_ids(self, slug: str, number: int) -> list[str]:
        ids: list[str] = list(self._r.smembers(self._k.issue_unconfirmed(slug, number)))
        return sorted(ids, key=lambda sid: (len(sid), sid))

    def delivery(self, slug: str, number: int, subscriber_id: str) -> DeliveryRecord | None:
        raw = self._r.hget(self._k.issue_deliveries(slug, number), subscriber_id)
        if raw is None:
            return None
        state, at, detail = [*raw.split("|", 2), "", ""][:3]
        return DeliveryRecord(subscriber_id, DeliveryState(state), req_dt(at), detail)

    def deliveries_count(self, slug: str, number: int) -> int:
        return int(self._r.hlen(self._k.issue_deliveries(slug, number)))
