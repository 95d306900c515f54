"""Fan-out: chunks of recipients, an idempotent claim per (issue, subscriber), results into the store.

Record the attempt before the side effect, then its outcome: each recipient is claimed (`sending`)
before the transport is called and marked `sent` or `failed` after. A chunk that runs again never
re-sends a `sent` recipient; one still `sending` (its worker died) becomes `unconfirmed`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from digest.errors import TransportError
from digest.models import DeliveryState, IssueStatus, OutgoingMessage, Recipient, SubscriberStatus
from digest.render import personalise
from digest.store import Store
from digest.tokens import make_unsubscribe_token
from digest.transports.base import Transport

CHUNK_SIZE = 1000  # SendGrid's cap on personalizations per request


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
    errors: list[str] = field(default_factory=list)


def plan_chunks(recipients: int, size: int = CHUNK_SIZE) -> list[tuple[int, int]]:
    """Inclusive index ranges over the issue's recipient snapshot."""
    return [(start, min(start + size, recipients) - 1) for start in range(0, recipients, size)]


def recipient_for(links: LinkContext, subscriber_id: str, email: str, name: str, slug: str) -> Recipient:
    token = make_unsubscribe_token(links.secret, subscriber_id, slug)
    return Recipient(
        subscriber_id=subscriber_id,
        email=email,
        name=name,
        unsubscribe_url=f"{links.base_url}/unsubscribe/{token}",
        unsubscribe_mailto=f"mailto:{links.unsubscribe_mailbox}?subject={quote('unsubscribe ' + token)}",
    )


def start_send(store: Store, slug: str, number: int, now: datetime) -> list[tuple[int, int]]:
    """Freeze the recipients of the issue and return its chunks (the same chunks on every call)."""
    chunks = plan_chunks(store.issues.snapshot_recipients(slug, number, now))
    if not chunks:
        store.issues.finish_if_done(slug, number, now)  # nobody to send to: done at once
    return chunks


def deliver_chunk(
    store: Store,
    transport: Transport,
    links: LinkContext,
    slug: str,
    number: int,
    chunk: tuple[int, int],
    clock: Callable[[], datetime],
) -> ChunkReport:
    report = ChunkReport()
    ids = store.issues.recipient_ids(slug, number, chunk[0], chunk[1])
    # Checked now, not when the send started: someone who left meanwhile gets nothing.
    statuses = store.subscribers.statuses(slug, ids)
    active = [sid for sid in ids if statuses.get(sid) is SubscriberStatus.ACTIVE]
    inactive = [sid for sid in ids if statuses.get(sid) is not SubscriberStatus.ACTIVE]
    skipped = [
        (sid, DeliveryState.SKIPPED, f"not active ({statuses.get(sid, 'removed')})") for sid in inactive
    ]
    report.skipped = store.issues.record(slug, number, skipped, clock())

    claims = store.issues.claim(slug, number, active, clock())
    claimed = [sid for sid in active if claims[sid] == "claimed"]
    report.unconfirmed = sum(1 for sid in active if claims[sid] == DeliveryState.UNCONFIRMED)
    report.already_done = len(active) - len(claimed) - report.unconfirmed
    if claimed:
        _send_claimed(store, transport, links, slug, number, claimed, clock, report)
    store.issues.finish_if_done(slug, number, clock())
    return report


def _send_claimed(
    store: Store,
    transport: Transport,
    links: LinkContext,
    slug: str,
    number: int,
    claimed: list[str],
    clock: Callable[[], datetime],
    report: ChunkReport,
) -> None:
    mailing_list = store.lists.get(slug)
    issue = store.issues.get(slug, number)
    rendered = store.issues.rendered(slug, number)
    people = store.subscribers.get_many(claimed)
    messages = []
    for sid in claimed:
        person = people[sid]
        recipient = recipient_for(links, sid, person.email, person.name, slug)
        html, text = personalise(rendered, recipient)
        messages.append(
            OutgoingMessage(
                issue_id=issue.id,
                recipient=recipient,
                from_addr=mailing_list.from_addr,
                subject=rendered.subject,
                html=html,
                text=text,
                reply_to=mailing_list.reply_to,
                headers={"X-Digest-Issue": issue.id},
            )
        )
    try:
        results = transport.send(messages)
    except TransportError as exc:
        # The provider failed the whole batch: nothing left, so these may be claimed again by a retry.
        store.issues.record(slug, number, [(sid, DeliveryState.FAILED, str(exc)) for sid in claimed], clock())
        report.failed += len(claimed)
        report.errors.append(str(exc))
        if exc.permanent:
            store.issues.set_status(slug, number, IssueStatus.PAUSED, reason=str(exc))
        raise
    outcomes = []
    for result in results:
        if result.ok:
            outcomes.append((result.subscriber_id, DeliveryState.SENT, result.message_id))
            report.sent += 1
        else:
            outcomes.append((result.subscriber_id, DeliveryState.FAILED, result.error))
            report.failed += 1
            report.errors.append(result.error)
    store.issues.record(slug, number, outcomes, clock())


def send_issue_inline(
    store: Store,
    transport: Transport,
    links: LinkContext,
    slug: str,
    number: int,
    clock: Callable[[], datetime],
) -> ChunkReport:
    """Deliver every chunk in this process (the demo, and `issue send --inline`)."""
    total = ChunkReport()
    for chunk in start_send(store, slug, number, clock()):
        part = deliver_chunk(store, transport, links, slug, number, chunk, clock)
        total.sent += part.sent
        total.failed += part.failed
        total.skipped += part.skipped
        total.unconfirmed += part.unconfirmed
        total.already_done += part.already_done
        total.errors += part.errors
    return total
