"""Joining a list: ask (double opt-in), get the confirmation email, confirm.

Every answer a stranger can see is the same whether or not the address is on the list, so the form
cannot be used to learn who subscribes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from digest.addresses import normalise
from digest.audience import notices
from digest.audience.notices import render_confirmation
from digest.delivery.letters import batch_of
from digest.delivery.links import UnsubscribeClaim
from digest.errors import DigestError
from digest.issues import editions
from digest.models import MailingList, Recipient, Subscriber, SubscriberStatus
from digest.store import Store
from digest.transports.base import Batch, Transport

# Statuses a person may leave by asking again; bounced and complained addresses need an admin.
_MAY_REQUEST = (None, SubscriberStatus.PENDING, SubscriberStatus.UNSUBSCRIBED)


@dataclass(frozen=True)
class JoinRequest:
    subscriber: Subscriber
    needs_confirmation: bool  # False: already active, or an address we must not mail


def request_subscription(
    store: Store, slug: str, email: str, name: str, now: datetime, *, edition: str = ""
) -> JoinRequest:
    """Record a pending subscription, with the edition asked for when the list offers it; the caller
    sends the confirmation when one is needed."""
    store.lists.get(slug)
    subscriber = store.subscribers.get_or_create(normalise(email), name.strip())
    current = store.subscribers.subscription(slug, subscriber.id)
    status = current.status if current else None
    if status not in _MAY_REQUEST:
        return JoinRequest(subscriber, needs_confirmation=False)
    if status is not SubscriberStatus.PENDING:
        store.subscribers.set_status(slug, subscriber.id, SubscriberStatus.PENDING, now)
    names = editions.edition_names(store, slug)
    if edition in names:
        store.editions.choose(slug, subscriber.id, edition, default=names[0], others=names, now=now)
    notices.awaiting_confirmation(store, slug, subscriber.id, now)
    return JoinRequest(subscriber, needs_confirmation=True)


def confirmation_message(
    mailing_list: MailingList, subscriber: Subscriber, recipient: Recipient, confirm_url: str
) -> Batch:
    """The confirmation email as a batch of one, so every transport sends it as it sends issues."""
    rendered = render_confirmation(mailing_list, name=subscriber.name, confirm_url=confirm_url)
    return batch_of(
        f"confirm-{subscriber.id}",
        mailing_list.from_addr,
        rendered,
        [recipient],
        reply_to=mailing_list.reply_to,
        headers={"X-Digest-Kind": "confirmation"},
    )


def send_confirmation(transport: Transport, batch: Batch) -> None:
    (result,) = transport.send_batch(batch)
    if not result.ok:
        raise DigestError(f"the confirmation email could not be sent ({result.error}); try again later")


def confirm(store: Store, claim: UnsubscribeClaim, now: datetime) -> MailingList:
    """Pending becomes active; confirming twice is harmless; a link of someone who left since does not
    bring them back (they asked to leave after asking to join)."""
    mailing_list = store.lists.get(claim.list_slug)
    current = store.subscribers.subscription(claim.list_slug, claim.subscriber_id)
    if current is not None and current.status is SubscriberStatus.PENDING:
        store.subscribers.set_status(claim.list_slug, claim.subscriber_id, SubscriberStatus.ACTIVE, now)
        notices.confirmed(store, claim.list_slug, claim.subscriber_id, now)
    return mailing_list
