"""Issues and their delivery records.

A delivery record is one field of one hash per issue — `state|epoch|detail` — because a million
separate keys would cost several times the memory. State changes go through two Lua scripts, so a
claim or a result is atomic per recipient and per-state counters never drift from the records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import redis

from digest.errors import NotFound
from digest.keys import Keys
from digest.models import DeliveryState, Issue, IssueStatus, RenderedIssue
from digest.store.codec import dt, dump_list, load_list, req_dt, ts

FINAL_STATES = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.UNCONFIRMED, DeliveryState.SKIPPED)

# Claim before the side effect. A record still `sending` when its chunk comes round again belonged to
# a worker that died mid-request: we cannot know whether the mail left, so it becomes `unconfirmed`.
# A `failed` record may be claimed again; the state it leaves is kept so its counter can be moved.
_CLAIM = """
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local cur = redis.call('HGET', KEYS[1], id)
  local state = cur and string.match(cur, '^[^|]*') or ''
  if state == '' or state == 'queued' or state == 'failed' then
    redis.call('HSET', KEYS[1], id, 'sending|' .. ARGV[1] .. '|' .. state)
    out[#out + 1] = 'claimed'
  elseif state == 'sending' then
    local prev = string.match(cur, '^sending|[^|]*|(.*)$') or ''
    redis.call('HSET', KEYS[1], id, 'unconfirmed|' .. ARGV[1] .. '|worker lost mid-send')
    redis.call('HINCRBY', KEYS[2], 'n_unconfirmed', 1)
    if prev ~= '' then redis.call('HINCRBY', KEYS[2], 'n_' .. prev, -1) end
    out[#out + 1] = 'unconfirmed'
  else
    out[#out + 1] = state
  end
end
return out
"""

# Record outcomes: sent/failed replace a claim; skipped is written only where nothing was recorded.
_RECORD = """
local n = 0
for i = 2, #ARGV, 3 do
  local id, state, detail = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local cur = redis.call('HGET', KEYS[1], id)
  if state == 'skipped' then
    if not cur then
      redis.call('HSET', KEYS[1], id, 'skipped|' .. ARGV[1] .. '|' .. detail)
      redis.call('HINCRBY', KEYS[2], 'n_skipped', 1)
      n = n + 1
    end
  elseif cur and string.sub(cur, 1, 8) == 'sending|' then
    local prev = string.match(cur, '^sending|[^|]*|(.*)$') or ''
    redis.call('HSET', KEYS[1], id, state .. '|' .. ARGV[1] .. '|' .. detail)
    redis.call('HINCRBY', KEYS[2], 'n_' .. state, 1)
    if prev ~= '' then redis.call('HINCRBY', KEYS[2], 'n_' .. prev, -1) end
    n = n + 1
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


def issue_id(slug: str, number: int) -> str:
    return f"{slug}-{number}"


class IssueStore:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys
        self._claim = client.register_script(_CLAIM)
        self._record = client.register_script(_RECORD)

    def next_number(self, slug: str) -> int:
        return int(self._r.incr(self._k.list_issue_counter(slug)))

    def create(self, issue: Issue, rendered: RenderedIssue) -> None:
        key = self._k.issue(issue.list_slug, issue.number)
        pipe = self._r.pipeline(transaction=True)
        pipe.hset(
            key,
            mapping={
                "id": issue.id,
                "list_slug": issue.list_slug,
                "list_name": issue.list_name,
                "number": str(issue.number),
                "subject": issue.subject,
                "created_at": ts(issue.created_at),
                "cutoff": ts(issue.cutoff),
                "article_ids": dump_list(issue.article_ids),
                "status": issue.status.value,
                "recipients": str(issue.recipients),
                "cadence": issue.cadence,
                "html": rendered.html,
                "text": rendered.text,
                "preheader": rendered.preheader,
            },
        )
        pipe.zadd(self._k.list_issues(issue.list_slug), {str(issue.number): issue.created_at.timestamp()})
        pipe.hset(self._k.issue_index(), issue.id, issue.list_slug)
        pipe.execute()

    def locate(self, ident: str) -> tuple[str, int]:
        """(list slug, number) of an issue id such as `morning-12`."""
        slug = self._r.hget(self._k.issue_index(), ident)
        if slug is None:
            raise NotFound(f"no issue {ident!r}: see `digest issue list LIST`")
        return slug, int(ident.rsplit("-", 1)[1])

    def get(self, slug: str, number: int) -> Issue:
        raw: dict[str, str] = self._r.hgetall(self._k.issue(slug, number))
        if not raw:
            raise NotFound(f"no issue {issue_id(slug, number)!r}: see `digest issue list {slug}`")
        return Issue(
            id=raw["id"],
            list_slug=raw["list_slug"],
            list_name=raw["list_name"],
            number=int(raw["number"]),
            subject=raw["subject"],
            created_at=req_dt(raw["created_at"]),
            cutoff=req_dt(raw["cutoff"]),
            article_ids=load_list(raw["article_ids"]),
            status=IssueStatus(raw["status"]),
            recipients=int(raw.get("recipients", "0")),
            cadence=raw.get("cadence", ""),
        )

    def rendered(self, slug: str, number: int) -> RenderedIssue:
        subject, html, text, preheader = self._r.hmget(
            self._k.issue(slug, number), ["subject", "html", "text", "preheader"]
        )
        if html is None:
            raise NotFound(f"issue {issue_id(slug, number)!r} has no rendered body")
        return RenderedIssue(subject=subject, html=html, text=text, preheader=preheader or "")

    def numbers(self, slug: str) -> list[int]:
        return [int(n) for n in self._r.zrange(self._k.list_issues(slug), 0, -1)]

    def set_status(self, slug: str, number: int, status: IssueStatus, **extra: str) -> None:
        self._r.hset(self._k.issue(slug, number), mapping={"status": status.value, **extra})

    def timings(self, slug: str, number: int) -> dict[str, datetime | None]:
        started, finished = self._r.hmget(self._k.issue(slug, number), ["started_at", "finished_at"])
        return {"started_at": dt(started), "finished_at": dt(finished)}

    def snapshot_recipients(self, slug: str, number: int, now: datetime) -> int:
        """Freeze who this issue goes to, server-side, so chunks are stable index ranges.

        Done once: a repeated call (a retried task) keeps the first snapshot.
        """
        key = self._k.issue(slug, number)
        if self._r.hsetnx(key, "started_at", ts(now)):
            active, audience = self._k.list_active(slug), self._k.issue_audience(slug, number)
            target = self._k.issue_recipients(slug, number)
            if self._r.exists(audience):
                # An edition's issue goes to its audience, less whoever left since it was built.
                count = self._r.zinterstore(target, {active: 1, audience: 0})
            else:
                count = self._r.zunionstore(target, [active])
            self._r.hset(key, mapping={"recipients": str(count), "status": IssueStatus.SENDING.value})
        return int(self._r.hget(key, "recipients") or 0)

    def recipient_ids(self, slug: str, number: int, start: int, stop: int) -> list[str]:
        return list(self._r.zrange(self._k.issue_recipients(slug, number), start, stop))

    def claim(self, slug: str, number: int, subscriber_ids: Sequence[str], now: datetime) -> dict[str, str]:
        """Atomically take each recipient for sending; returns id -> `claimed` or the state it was in."""
        if not subscriber_ids:
            return {}
        keys = [self._k.issue_deliveries(slug, number), self._k.issue(slug, number)]
        result = self._claim(keys=keys, args=[ts(now), *subscriber_ids])
        return dict(zip(subscriber_ids, result, strict=True))

    def record(
        self, slug: str, number: int, outcomes: Sequence[tuple[str, DeliveryState, str]], now: datetime
    ) -> int:
        """Write sent/failed/skipped outcomes; returns how many records changed."""
        if not outcomes:
            return 0
        args: list[str] = [ts(now)]
        for subscriber_id, state, detail in outcomes:
            args += [subscriber_id, state.value, detail.replace("|", "/").replace("\n", " ")[:300]]
        keys = [self._k.issue_deliveries(slug, number), self._k.issue(slug, number)]
        return int(self._record(keys=keys, args=args))

    def counts(self, slug: str, number: int) -> dict[str, int]:
        """Recipients by final state (from the counters, so it is O(1) at any size)."""
        fields = [f"n_{state.value}" for state in FINAL_STATES]
        values = self._r.hmget(self._k.issue(slug, number), fields)
        return {state.value: int(v or 0) for state, v in zip(FINAL_STATES, values, strict=True)}

    def delivery(self, slug: str, number: int, subscriber_id: str) -> DeliveryRecord | None:
        raw = self._r.hget(self._k.issue_deliveries(slug, number), subscriber_id)
        if raw is None:
            return None
        state, at, detail = [*raw.split("|", 2), "", ""][:3]
        return DeliveryRecord(subscriber_id, DeliveryState(state), req_dt(at), detail)

    def finish_if_done(self, slug: str, number: int, now: datetime) -> bool:
        """Mark the issue sent once every recipient has a final record."""
        key = self._k.issue(slug, number)
        recipients = int(self._r.hget(key, "recipients") or 0)
        if sum(self.counts(slug, number).values()) < recipients:
            return False
        if self._r.hsetnx(key, "finished_at", ts(now)):
            self._r.hset(key, "status", IssueStatus.SENT.value)
        return True

    def summary(self, slug: str, number: int) -> dict[str, Any]:
        issue = self.get(slug, number)
        return {
            "id": issue.id,
            "list": slug,
            "status": issue.status.value,
            "subject": issue.subject,
            "recipients": issue.recipients,
            "articles": len(issue.article_ids),
            "counts": self.counts(slug, number),
            **{k: v.isoformat() if v else None for k, v in self.timings(slug, number).items()},
        }


__all__ = ["FINAL_STATES", "DeliveryRecord", "IssueStore", "issue_id"]
