"""Helpers shared by the delivery and transport tests: a list with subscribers and a stored, rendered
issue; recipients and a batch of them as a transport is handed it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from digest import admin
from digest.delivery.dispatch import send_now
from digest.delivery.fanout import ChunkReport, LinkContext, Sender, Suppressed
from digest.delivery.letters import batch_of
from digest.delivery.ratelimit import RateLimiter, Unlimited
from digest.models import Issue, IssueStatus, Recipient, RenderedIssue
from digest.store import Store
from digest.transports.base import Batch, Transport
from digest.transports.outbox import OutboxTransport

NOW = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)
RENDERED = RenderedIssue(
    subject="Morning Brief #1: Harbour line",
    html="<p>Hi [%name_html%]</p><p><a href='[%unsubscribe_url_html%]'>Unsubscribe</a></p>",
    text="Hi [%name%]\n\nUnsubscribe: [%unsubscribe_url%]\n",
)


LINKS = LinkContext("k" * 40, "https://news.example.com", "unsubscribe@news.example.com")


def address(n: int) -> str:
    return f"reader{n}@example.com"


def make_issue(store: Store, people: int, slug: str = "morning", number: int = 1) -> Issue:
    """A list of `people` active subscribers (with the postal address a real send needs) and its issue
    `number`, rendered and queued."""
    if slug not in store.lists.slugs():
        admin.create_list(store, slug, name="Morning Brief", from_addr="Brief <brief@example.com>", now=NOW)
        store.lists.set_branding(slug, {"address": "1 Quay Street, Bristol BS1 4DJ, United Kingdom"})
        for n in range(people):
            admin.add_subscriber(store, slug, address(n), name=f"Reader{n}", now=NOW)
    issue = Issue(
        id=f"{slug}-{number}",
        list_slug=slug,
        list_name="Morning Brief",
        number=number,
        subject=RENDERED.subject,
        created_at=NOW,
        cutoff=NOW,
        article_ids=["a1"],
        status=IssueStatus.QUEUED,
    )
    store.issues.create(issue, RENDERED)
    return issue


def person(n: int, name: str = "", email: str = "") -> Recipient:
    """Recipient `n` with the fields a transport fills in (token `tok{n}` in both unsubscribe targets)."""
    return Recipient(
        subscriber_id=str(n),
        email=email or address(n),
        name=name or f"Reader{n}",
        unsubscribe_url=f"https://news.example.com/unsubscribe/tok{n}",
        unsubscribe_mailto=f"mailto:unsubscribe@news.example.com?subject=unsubscribe%20tok{n}",
    )


def batch(recipients: list[Recipient]) -> Batch:
    """Issue morning-1, rendered once, with a letter for each of these recipients."""
    return batch_of(
        "morning-1",
        "Morning Brief <brief@example.com>",
        RENDERED,
        recipients,
        headers={"X-Digest-Issue": "morning-1"},
    )


def send_inline(
    store: Store,
    transport: Transport,
    links: LinkContext,
    slug: str,
    number: int,
    clock: Callable[[], datetime],
    *,
    limiter: RateLimiter | None = None,
    suppressed: Suppressed | None = None,
) -> ChunkReport:
    """The whole issue in the test's process, through the transport, limiter and clock the test chose
    (the faces get theirs from Runtime.sender, with the account's shared rate)."""
    sender = Sender(store, transport, links, clock, limiter or Unlimited(), suppressed)
    return send_now(sender, slug, number)


def sent_issue(store: Store, tmp_path: Path, number: int = 1, people: int = 5) -> None:
    """Issue `number` of `morning`, sent through the outbox at NOW, with a provider event per reader."""
    make_issue(store, people, number=number)
    send_inline(store, OutboxTransport(tmp_path / "outbox"), LINKS, "morning", number, lambda: NOW)
    ids = store.issues.recipient_ids("morning", number, 0, -1)
    store.events.record_delivery_events([(("morning", number), sid, "delivered", NOW) for sid in ids])
