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

from digest.models import DeliveryState
from digest.store.codec import req_dt
from digest.store.keys import Keys

FINAL_STATES = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.UNCONFIRMED, DeliveryState.SKIPPED)
DETAIL_MAX = 300
RECORD_ATTEMPTS = 25  # about 40 s of waiting for a Redis that restarts

# Shared by both scripts: records are read with one HMGET per slice and written with one HSET, and
# the summaries change once per script run, not once per recipient (a send makes a million records).
_HELPERS = """
local function read(key, ids)
  local current = {}
  for i = 1, #ids, 500 do
    local slice = redis.call('HMGET', key, unpack(ids, i, math.min(i + 499, #ids)))
    for j = 1, #slice do current[i + j - 1] = slice[j] end
  end
  return current
end
local function apply(writes, counters, reasons, flagged, unflagged)
  for i = 1, #writes, 1000 do
    redis.call('HSET', KEYS[1], unpack(writes, i, math.min(i + 999, #writes)))
  end
  for state, n in pairs(counters) do
    if n ~= 0 then redis.call('HINCRBY', KEYS[2], 'n_' .. state, n) end
  end
  for reason, n in pairs(reasons) do
    if n ~= 0 and redis.call('HINCRBY', KEYS[3], reason, n) <= 0 then redis.call('HDEL', KEYS[3], reason) end
  end
  for i = 1, #flagged, 1000 do
    redis.call('SADD', KEYS[4], unpack(flagged, i, math.min(i + 999, #flagged)))
  end
  for i = 1, #unflagged, 1000 do
    redis.call('SREM', KEYS[4], unpack(unflagged, i, math.min(i + 999, #unflagged)))
  end
end
local function was_counted(state) return state == 'failed' or state == 'unconfirmed' end
"""

# Claim before the side effect. A record still `sending` belonged either to a worker that died
# mid-request (its redelivered task has the same owner, or the lease ran out): we cannot know whether
# the mail left, so it becomes `unconfirmed`. A live claim of another owner is left alone (`busy`).
# `failed` may be claimed again; `unconfirmed` only by a deliberate resend. The counter of the state a
# claim leaves moves when its outcome is recorded; a failure reason stops counting at once.
CLAIM = (
    _HELPERS
    + """
local now, owner, lease, resend = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4] == 'resend'
local ids = {}
for i = 5, #ARGV do ids[#ids + 1] = ARGV[i] end
local current = read(KEYS[1], ids)
local out, writes, counters, reasons, flagged, unflagged = {}, {}, {}, {}, {}, {}
for i, id in ipairs(ids) do
  local cur = current[i]
  local state, at, rest = '', '', ''
  if cur then state, at, rest = string.match(cur, '^([^|]*)|([^|]*)|?(.*)$') end
  if state == '' or state == 'queued' or state == 'failed' or (resend and state == 'unconfirmed') then
    if state == 'failed' then reasons[rest] = (reasons[rest] or 0) - 1 end
    if state == 'unconfirmed' then unflagged[#unflagged + 1] = id end
    writes[#writes + 1] = id
    writes[#writes + 1] = 'sending|' .. now .. '|' .. state .. '|' .. owner
    out[i] = 'claimed'
  elseif state == 'sending' then
    local prev, holder = string.match(rest, '^([^|]*)|(.*)$')
    if not prev then prev, holder = rest, '' end
    if holder == owner or tonumber(now) - tonumber(at) > lease then
      writes[#writes + 1] = id
      writes[#writes + 1] = 'unconfirmed|' .. now .. '|worker lost mid-send'
      counters['unconfirmed'] = (counters['unconfirmed'] or 0) + 1
      if was_counted(prev) then counters[prev] = (counters[prev] or 0) - 1 end
      flagged[#flagged + 1] = id
      out[i] = 'unconfirmed'
    else
      out[i] = 'busy'
    end
  else
    out[i] = state
  end
end
apply(writes, counters, reasons, flagged, unflagged)
return out
"""
)

# Outcomes: sent/failed/unconfirmed replace the caller's own claim; skipped only where nothing was.
RECORD = (
    _HELPERS
    + """
local now, owner = ARGV[1], ARGV[2]
local ids, states, details = {}, {}, {}
for i = 3, #ARGV, 3 do
  ids[#ids + 1], states[#states + 1], details[#details + 1] = ARGV[i], ARGV[i + 1], ARGV[i + 2]
end
local current = read(KEYS[1], ids)
local n, writes, counters, reasons, flagged = 0, {}, {}, {}, {}
for i, id in ipairs(ids) do
  local cur, state, detail = current[i], states[i], details[i]
  local take = false
  if state == 'skipped' then
    take = not cur
  elseif cur and string.sub(cur, 1, 8) == 'sending|' then
    local prev, holder = string.match(cur, '^sending|[^|]*|([^|]*)|?(.*)$')
    if holder == owner or owner == '' then
      take = true
      if was_counted(prev) then counters[prev] = (counters[prev] or 0) - 1 end
    end
  end
  if take then
    writes[#writes + 1] = id
    writes[#writes + 1] = state .. '|' .. now .. '|' .. detail
    counters[state] = (counters[state] or 0) + 1
    if state == 'failed' then reasons[detail] = (reasons[detail] or 0) + 1 end
    if state == 'unconfirmed' then flagged[#flagged + 1] = id end
    n = n + 1
  end
end
apply(writes, counters, reasons, flagged, {})
return n
"""
)


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
        cleaned: dict[str, str] = {}  # a request's recipients share its message id: cleaned once
        for subscriber_id, state, detail in outcomes:
            if detail not in cleaned:
                cleaned[detail] = clean_detail(detail)
            args += (subscriber_id, state.value, cleaned[detail])
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
