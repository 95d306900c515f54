"""Fan-out: chunks of recipients, an idempotent claim per (issue, subscriber), results into the store.

Record the attempt before the side effect, then its outcome: each recipient is claimed (`sending`)
before the transport is called and marked `sent`, `failed` or `unconfirmed` after. A chunk that runs
again never re-sends a `sent` recipient; one still `sending` under the same owner (its worker died and
the task came back) becomes `unconfirmed`, for an operator to resend deliberately.
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from digest.addresses import clean_name
from digest.config import LEASE_SECONDS
from digest.delivery.letters import batch_of
from digest.delivery.links import make_unsubscribe_token
from digest.delivery.postal import check_address
from digest.delivery.ratelimit import RateLimiter
from digest.errors import InvalidInput, TransportError
from digest.models import DeliveryState, IssueStatus, MailingList, Recipient, SendResult, SubscriberStatus
from digest.store import Store
from digest.transports.base import Transport

CHUNK_SIZE = 1000  # SendGrid's cap on personalizations per request
# A claim older than this is taken for its worker's death even under another owner: longer than any
# batch can take (request timeout x retries + waits), so a live send is never flagged by mistake.
CLAIM_LEASE_SECONDS = 900

# Given addresses, those that must not be mailed. None (the default everywhere) means the store's
# global suppression set, so no caller can send around it by forgetting to pass it.
Suppressed = Callable[[Sequence[str]], set[str]]
_URL_SAFE = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class LinkContext:
    """What personalised links are built from."""

    secret: str
    base_url: str
    unsubscribe_mailbox: str


@dataclass
class ChunkReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    unconfirmed: int = 0
    already_done: int = 0
    busy: int = 0  # claimed by a live send of another owner: that send will record them
    stopped: str = ""  # why the chunk stopped before its end (paused, cancelled)
    errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)  # failed recipients by provider status (0: none)

    def add(self, other: ChunkReport) -> None:
        for name in ("sent", "failed", "skipped", "unconfirmed", "already_done", "busy"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.stopped = self.stopped or other.stopped
        self.errors += other.errors
        self.statuses += other.statuses


@dataclass(frozen=True)
class Sender:
    """Everything a send is handed: the store, the way out, the links, the clock and the guards."""

    store: Store
    transport: Transport
    links: LinkContext
    clock: Callable[[], datetime]
    limiter: RateLimiter  # said by every caller: a send that skips the account's rate must say so
    suppressed: Suppressed | None = None
    lease_seconds: float = LEASE_SECONDS  # how long an inline send's hold outlives its process


def plan_chunks(recipients: int, size: int = CHUNK_SIZE) -> list[tuple[int, int]]:
    """Inclusive index ranges over the issue's recipient snapshot."""
    return [(start, min(start + size, recipients) - 1) for start in range(0, recipients, size)]


def recipient_for(links: LinkContext, subscriber_id: str, email: str, name: str, slug: str) -> Recipient:
    token = make_unsubscribe_token(links.secret, subscriber_id, slug)
    # Tokens are URL-safe base64 and dots already: only the space needs escaping (a million calls a send).
    subject = "unsubscribe%20" + token if _URL_SAFE.fullmatch(token) else quote("unsubscribe " + token)
    return Recipient(
        subscriber_id=subscriber_id,
        email=email,
        name=clean_name(name),  # names stored before they were capped and cleaned, too
        unsubscribe_url=f"{links.base_url}/unsubscribe/{token}",
        preferences_url=f"{links.base_url}/preferences/{token}",
        unsubscribe_mailto=f"mailto:{links.unsubscribe_mailbox}?subject={subject}",
    )


def start_send(store: Store, slug: str, number: int, now: datetime) -> list[tuple[int, int]]:
    """Freeze the recipients of the issue and return its chunks (the same chunks on every call).

    A draft waits for its editors and a dropped issue never goes out: neither has chunks, whoever
    asks (a stray `issue resume`, a task queued before the list went under review)."""
    if store.issues.status(slug, number)[0] in (IssueStatus.DRAFT, IssueStatus.DROPPED):
        return []
    chunks = plan_chunks(store.issues.snapshot_recipients(slug, number, now))
    if not chunks:
        store.issues.finish_if_done(slug, number, now)  # nobody to send to: done at once
    return chunks


def deliver_ids(
    sender: Sender, slug: str, number: int, ids: Sequence[str], *, owner: str, resend: bool = False
) -> ChunkReport:
    """Send the issue to these subscriber ids, batch by batch, stopping when the issue is paused."""
    store, report = sender.store, ChunkReport()
    mailing_list = store.lists.get(slug)
    try:  # every way into a send passes here: the beat's slots, the workers' chunks, an inline send
        check_address(mailing_list, sender.transport.name)
    except InvalidInput as refused:
        running = (IssueStatus.QUEUED, IssueStatus.SENDING)
        store.issues.transition(slug, number, IssueStatus.PAUSED, running, str(refused))
        report.stopped = f"paused: {refused}; then `digest issue resume {slug}-{number}`"
        return report
    size, started = max(1, sender.transport.batch_size), time.monotonic()
    try:
        for start in range(0, len(ids), size):
            status, reason = store.issues.status(slug, number)
            if status in (IssueStatus.PAUSED, IssueStatus.CANCELLED):
                report.stopped = f"{status.value}: {reason}" if reason else status.value
                break
            _deliver_batch(sender, mailing_list, number, ids[start : start + size], owner, resend, report)
            if report.stopped:
                break
    finally:  # a chunk that raises (to be retried) was still spent, and its refusals still happened
        store.work.record_chunk(sender.transport.name, time.monotonic() - started, report.statuses)
    store.issues.finish_if_done(slug, number, sender.clock())
    return report


def _deliver_batch(
    sender: Sender,
    mailing_list: MailingList,
    number: int,
    ids: Sequence[str],
    owner: str,
    resend: bool,
    report: ChunkReport,
) -> None:
    store, slug = sender.store, mailing_list.slug
    # Checked now, not when the send started: someone who left meanwhile gets nothing.
    statuses = store.subscribers.statuses(slug, ids)
    active = [sid for sid in ids if statuses.get(sid) is SubscriberStatus.ACTIVE]
    people = store.subscribers.get_many(active)
    skips = [(sid, _why_not(statuses.get(sid))) for sid in ids if sid not in people]
    suppressed = sender.suppressed or store.suppression.contains_many
    blocked = suppressed([people[sid].email for sid in people]) if people else set()
    skips += [(sid, "suppressed") for sid in people if people[sid].email in blocked]
    on_break = store.pauses.paused_among(
        slug, [sid for sid in people if people[sid].email not in blocked], sender.clock()
    )
    skips += [(sid, f"on a break until {until:%Y-%m-%d}") for sid, until in on_break.items()]
    candidates = [sid for sid in people if people[sid].email not in blocked and sid not in on_break]
    report.skipped += store.issues.record(
        slug, number, [(sid, DeliveryState.SKIPPED, why) for sid, why in skips], sender.clock()
    )
    if not candidates:
        return
    # Wait for the rate before claiming, so nobody sits `sending` while the worker sleeps.
    sender.limiter.acquire(len(candidates))
    claims = store.issues.claim(
        slug,
        number,
        candidates,
        sender.clock(),
        owner=owner,
        lease_seconds=CLAIM_LEASE_SECONDS,
        resend_unconfirmed=resend,
    )
    claimed = [sid for sid in candidates if claims[sid] == "claimed"]
    lost = sum(1 for sid in candidates if claims[sid] == DeliveryState.UNCONFIRMED)
    busy = sum(1 for sid in candidates if claims[sid] == "busy")
    report.unconfirmed += lost
    report.busy += busy
    report.already_done += len(candidates) - len(claimed) - busy - lost
    if not claimed:
        return
    rendered = store.issues.rendered(slug, number)
    issue_ident = f"{slug}-{number}"
    batch = batch_of(
        issue_ident,
        mailing_list.from_addr,
        rendered,
        [recipient_for(sender.links, sid, people[sid].email, people[sid].name, slug) for sid in claimed],
        reply_to=mailing_list.reply_to,
        headers={"X-Digest-Issue": issue_ident},
    )
    try:
        results = sender.transport.send_batch(batch)
    except TransportError as exc:
        settled: list[SendResult] = list(getattr(exc, "results", []))
        done = {r.subscriber_id for r in settled}
        settled += [SendResult(sid, ok=False, error=str(exc)) for sid in claimed if sid not in done]
        _record(sender, slug, number, settled, owner, report)
        if exc.permanent:
            store.issues.transition(
                slug, number, IssueStatus.PAUSED, (IssueStatus.SENDING, IssueStatus.SENT), str(exc)
            )
            report.stopped = f"paused: {exc}"
            return
        raise
    _record(sender, slug, number, results, owner, report)


def _why_not(status: SubscriberStatus | None) -> str:
    if status is SubscriberStatus.ACTIVE:
        return "subscriber record missing"
    return f"not active ({status or 'removed'})"


def _record(
    sender: Sender, slug: str, number: int, results: Sequence[SendResult], owner: str, report: ChunkReport
) -> None:
    outcomes = []
    for result in results:
        if result.ok:
            outcomes.append((result.subscriber_id, DeliveryState.SENT, result.message_id))
            report.sent += 1
        elif result.uncertain:
            outcomes.append((result.subscriber_id, DeliveryState.UNCONFIRMED, result.error))
            report.unconfirmed += 1
            report.statuses[result.status] += 1
        else:
            outcomes.append((result.subscriber_id, DeliveryState.FAILED, result.error))
            report.failed += 1
            report.statuses[result.status] += 1
            if result.error not in report.errors:
                report.errors.append(result.error)
    sender.store.issues.record(slug, number, outcomes, sender.clock(), owner=owner)


def resend_unconfirmed(sender: Sender, slug: str, number: int, *, owner: str = "") -> ChunkReport:
    """Send, deliberately, to the recipients whose earlier send could not be confirmed."""
    ids = sender.store.issues.unconfirmed_ids(slug, number)
    return deliver_ids(sender, slug, number, ids, owner=owner or uuid.uuid4().hex, resend=True)
