"""Issues: their fields, the rendered body, the recipient snapshot and their status.

The delivery records of an issue live in digest.store.deliveries, mixed into IssueStore so callers
keep one repository per aggregate.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from digest.errors import NotFound
from digest.models import Issue, IssueStatus, RenderedIssue
from digest.store.client import Client
from digest.store.codec import STORED_EDITION, dt, dump_list, load_list, req_dt, ts
from digest.store.deliveries import CLAIM, FINAL_STATES, RECORD, DeliveryRecord
from digest.store.keys import Keys
from digest.store.takeover import InlineSends

# Change the status only from the states given, atomically, so a pause never overwrites a finish.
_TRANSITION = """
local cur = redis.call('HGET', KEYS[1], 'status')
if not cur then return {0, ''} end
for i = 3, #ARGV do
  if ARGV[i] == cur then
    redis.call('HSET', KEYS[1], 'status', ARGV[1], 'reason', ARGV[2])
    return {1, cur}
  end
end
return {0, cur}
"""


_ISSUE_FIELDS = ("id", "list_slug", "list_name", "number", "subject", "created_at", "cutoff", "article_ids",
                 "status", "recipients", STORED_EDITION, "catch_up")  # fmt: skip


def _issue(raw: dict[str, str | None]) -> Issue | None:
    if raw["id"] is None:
        return None
    return Issue(
        id=str(raw["id"]),
        list_slug=str(raw["list_slug"]),
        list_name=str(raw["list_name"]),
        number=int(str(raw["number"])),
        subject=str(raw["subject"]),
        created_at=req_dt(str(raw["created_at"])),
        cutoff=req_dt(str(raw["cutoff"])),
        article_ids=load_list(str(raw["article_ids"])),
        status=IssueStatus(str(raw["status"])),
        recipients=int(raw["recipients"] or "0"),
        edition=raw[STORED_EDITION] or "",
        catch_up=raw["catch_up"] == "1",
    )


SNAPSHOT_PAGE = 10_000  # members a snapshot copies per round trip: Redis never waits long on one


def issue_id(slug: str, number: int) -> str:
    return f"{slug}-{number}"


class IssueStore(InlineSends):
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r = client
        self._k = keys
        self._claim = client.register_script(CLAIM)
        self._record = client.register_script(RECORD)
        self._transition = client.register_script(_TRANSITION)

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
                STORED_EDITION: issue.edition,
                "catch_up": "1" if issue.catch_up else "",
                "html": rendered.html,
                "text": rendered.text,
                "preheader": rendered.preheader,
            },
        )
        pipe.zadd(self._k.list_issues(issue.list_slug), {str(issue.number): issue.created_at.timestamp()})
        pipe.execute()
        # The global index is another hash slot than the list's keys, so it is written after their
        # transaction; `locate` finds an issue whose entry a crash left unwritten by its id alone.
        self._r.hset(self._k.issue_index(), issue.id, issue.list_slug)

    def set_left_out(self, slug: str, number: int, left_out: dict[str, int]) -> None:
        """How many articles each limit left out of the issue (`issue show` says so)."""
        if left_out:
            self._r.hset(self._k.issue(slug, number), "left_out", json.dumps(left_out))

    def left_out(self, slug: str, number: int) -> dict[str, int]:
        raw = self._r.hget(self._k.issue(slug, number), "left_out")
        return {str(k): int(v) for k, v in json.loads(raw).items()} if raw else {}

    def set_template_fallback(self, slug: str, number: int, why: str) -> None:
        """Why the list's own templates gave way to the default ones ('' clears it: they rendered)."""
        self._r.hset(self._k.issue(slug, number), "template_fallback", why)

    def template_fallback(self, slug: str, number: int) -> str:
        return str(self._r.hget(self._k.issue(slug, number), "template_fallback") or "")

    def locate(self, ident: str) -> tuple[str, int]:
        """(list slug, number) of an issue id such as `morning-12`."""
        slug = self._r.hget(self._k.issue_index(), ident)
        if slug is None:
            slug, _, number = ident.rpartition("-")
            if not (slug and number.isdigit() and self._r.exists(self._k.issue(slug, int(number)))):
                raise NotFound(f"no issue {ident!r}: see `digest issue list LIST`")
        return slug, int(ident.rsplit("-", 1)[1])

    def get(self, slug: str, number: int) -> Issue:
        (found,) = self.get_many(slug, [number])
        if found is None:
            raise NotFound(f"no issue {issue_id(slug, number)!r}: see `digest issue list {slug}`")
        return found

    def get_many(self, slug: str, numbers: Sequence[int]) -> list[Issue | None]:
        """Issues in the order asked (None for a missing one), in one round trip and without their
        rendered bodies, which are most of an issue's bytes and which only sending needs."""
        pipe = self._r.pipeline(transaction=False)
        for number in numbers:
            pipe.hmget(self._k.issue(slug, number), _ISSUE_FIELDS)
        return [_issue(dict(zip(_ISSUE_FIELDS, values, strict=True))) for values in pipe.execute()]

    def rendered(self, slug: str, number: int) -> RenderedIssue:
        subject, html, text, preheader = self._r.hmget(
            self._k.issue(slug, number), ["subject", "html", "text", "preheader"]
        )
        if html is None:
            raise NotFound(f"issue {issue_id(slug, number)!r} has no rendered body")
        return RenderedIssue(subject=subject, html=html, text=text, preheader=preheader or "")

    def revise(
        self,
        slug: str,
        number: int,
        article_ids: list[str],
        rendered: RenderedIssue,
        highlights: dict[str, list[str]],
    ) -> None:
        """A draft after an editor's change: its articles, its body rendered again, and the highlights
        editors wrote for it (this issue's own: the stored article keeps the ones it was collected with)."""
        self._r.hset(
            self._k.issue(slug, number),
            mapping={
                "article_ids": dump_list(article_ids),
                "subject": rendered.subject,
                "html": rendered.html,
                "text": rendered.text,
                "preheader": rendered.preheader,
                "edited_highlights": json.dumps(highlights, ensure_ascii=False),
            },
        )

    def edited_highlights(self, slug: str, number: int) -> dict[str, list[str]]:
        raw = self._r.hget(self._k.issue(slug, number), "edited_highlights")
        found = json.loads(raw) if raw else {}
        return {str(k): [str(line) for line in v] for k, v in found.items()}

    def numbers(self, slug: str) -> list[int]:
        return [int(n) for n in self._r.zrange(self._k.list_issues(slug), 0, -1)]

    def totals(self, slug: str, fields: Sequence[str]) -> dict[str, int]:
        """Each counter field of the issue hash summed over every stored issue of the list (one
        pipelined round trip per 500 issues): what /metrics exposes as the list's running totals."""
        sums = dict.fromkeys(fields, 0)
        numbers = self.numbers(slug)
        for start in range(0, len(numbers), 500):
            pipe = self._r.pipeline(transaction=False)
            for number in numbers[start : start + 500]:
                pipe.hmget(self._k.issue(slug, number), list(fields))
            for values in pipe.execute():
                for name, value in zip(fields, values, strict=True):
                    sums[name] += int(value or 0)
        return sums

    def set_status(self, slug: str, number: int, status: IssueStatus, **extra: str) -> None:
        self._r.hset(self._k.issue(slug, number), mapping={"status": status.value, **extra})

    def timings(self, slug: str, number: int) -> dict[str, datetime | None]:
        started, finished = self._r.hmget(self._k.issue(slug, number), ["started_at", "finished_at"])
        return {"started_at": dt(started), "finished_at": dt(finished)}

    def snapshot_recipients(self, slug: str, number: int, now: datetime, *, page: int = SNAPSHOT_PAGE) -> int:
        """Freeze who this issue goes to, server-side, so chunks are stable index ranges.

        Done once: a repeated call (a retried task) keeps the finished snapshot, and makes again one
        its worker never finished (the issue is still queued), rather than sending to nobody.
        """
        key = self._k.issue(slug, number)
        started, status = self._r.hmget(key, ["started_at", "status"])
        if started is not None and status != IssueStatus.QUEUED.value:
            return int(self._r.hget(key, "recipients") or 0)
        if not self._r.hsetnx(key, "started_at", ts(now)):
            self._r.unlink(self._k.issue_recipients(slug, number))  # a try cut short: made again whole
        active, audience = self._k.list_active(slug), self._k.issue_audience(slug, number)
        target = self._k.issue_recipients(slug, number)
        if self._r.exists(audience):
            # An edition's issue goes to its audience, less whoever left since it was built.
            count = self._copy_by_pages(audience, target, page, scores_from=active)
        else:
            count = self._copy_by_pages(active, target, page)
        self._r.hset(key, "recipients", str(count))
        self._transition(keys=[key], args=[IssueStatus.SENDING.value, "", IssueStatus.QUEUED.value])
        return count

    def _copy_by_pages(self, source: str, target: str, page: int, *, scores_from: str | None = None) -> int:
        """`source` into the snapshot, `page` members a round trip in score order: one ZUNIONSTORE
        (or ZINTERSTORE) of a million members held Redis for seconds (5 s on a busy 2-core machine,
        past the clients' read timeout, so the send task failed and nothing went). A page starts
        after the last score copied, skipping the members of that score already taken, so one who
        leaves meanwhile shifts nothing; one who joins meanwhile may or may not be in. With
        `scores_from`, only members also in that set are copied, with its scores (the active set's:
        an edition's snapshot is ordered as the list's is)."""
        low: float | str = "-inf"
        skip = 0
        while True:
            found = self._r.zrange(source, low, "+inf", byscore=True, offset=skip, num=page, withscores=True)
            kept = dict(found)
            if scores_from is not None and found:
                scores = self._r.zmscore(scores_from, [member for member, _score in found])
                kept = {m: s for (m, _score), s in zip(found, scores, strict=True) if s is not None}
            if kept:
                self._r.zadd(target, kept)
            if len(found) < page:
                return int(self._r.zcard(target))
            last = found[-1][1]
            tied = sum(1 for _member, score in found if score == last)
            skip = tied + (skip if low == last else 0)
            low = last

    def recipient_ids(self, slug: str, number: int, start: int, stop: int) -> list[str]:
        return list(self._r.zrange(self._k.issue_recipients(slug, number), start, stop))

    def finish_if_done(self, slug: str, number: int, now: datetime) -> bool:
        """Mark a sending issue sent once every recipient has a final record (paused stays paused)."""
        key = self._k.issue(slug, number)
        status, recipients = self._r.hmget(key, ["status", "recipients"])
        if status == IssueStatus.SENT:
            return True
        if status != IssueStatus.SENDING or sum(self.counts(slug, number).values()) < int(recipients or 0):
            return False
        if self._r.hsetnx(key, "finished_at", ts(now)):
            self._transition(keys=[key], args=[IssueStatus.SENT.value, "", IssueStatus.SENDING.value])
        return True

    def transition(
        self, slug: str, number: int, to: IssueStatus, allowed: tuple[IssueStatus, ...], reason: str = ""
    ) -> tuple[bool, IssueStatus]:
        """Move the status to `to` if it is one of `allowed`; (changed, status before)."""
        args = [to.value, reason, *(s.value for s in allowed)]
        changed, before = self._transition(keys=[self._k.issue(slug, number)], args=args)
        if not before:
            raise NotFound(f"no issue {issue_id(slug, number)!r}: see `digest issue list {slug}`")
        return bool(changed), IssueStatus(before)

    def status(self, slug: str, number: int) -> tuple[IssueStatus, str]:
        """(status, reason): read before every batch, so pause and cancel take effect mid-send."""
        status, reason = self._r.hmget(self._k.issue(slug, number), ["status", "reason"])
        if status is None:
            raise NotFound(f"no issue {issue_id(slug, number)!r}")
        return IssueStatus(status), reason or ""

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
            "reason": self._r.hget(self._k.issue(slug, number), "reason") or "",
            "template_fallback": self.template_fallback(slug, number),
            **{k: v.isoformat() if v else None for k, v in self.timings(slug, number).items()},
        }


__all__ = ["FINAL_STATES", "DeliveryRecord", "IssueStore", "issue_id"]
