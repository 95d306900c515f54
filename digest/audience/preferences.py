"""What a subscriber changes from the links in every email: leave (RFC 8058), take a break, choose an
edition. Each acts on the (subscriber, list) a signed token names, never on an address typed in.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from digest.delivery.links import UnsubscribeClaim
from digest.errors import InvalidInput
from digest.issues import editions
from digest.models import MailingList, SubscriberStatus
from digest.store import Store


def unsubscribe(store: Store, claim: UnsubscribeClaim, now: datetime) -> MailingList:
    """Leave at once (RFC 8058); idempotent, and a bounced or complained status is kept as it is."""
    mailing_list = store.lists.get(claim.list_slug)
    current = store.subscribers.subscription(claim.list_slug, claim.subscriber_id)
    if current is not None and current.status in (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING):
        store.subscribers.set_status(claim.list_slug, claim.subscriber_id, SubscriberStatus.UNSUBSCRIBED, now)
    return mailing_list


def status_of(store: Store, claim: UnsubscribeClaim) -> SubscriberStatus | None:
    current = store.subscribers.subscription(claim.list_slug, claim.subscriber_id)
    return current.status if current else None


PAUSE_WEEKS = (2, 4, 8)


def take_a_break(store: Store, claim: UnsubscribeClaim, weeks: int, now: datetime) -> datetime:
    """Skip issues for a few weeks and come back by themselves; only the offered lengths."""
    if weeks not in PAUSE_WEEKS:
        raise InvalidInput(f"a break of {weeks} weeks is not offered: choose 2, 4 or 8")
    until = now + timedelta(weeks=weeks)
    store.pauses.pause(claim.list_slug, claim.subscriber_id, until)
    return until


def end_break(store: Store, claim: UnsubscribeClaim) -> None:
    store.pauses.resume(claim.list_slug, claim.subscriber_id)


def choose_edition(store: Store, claim: UnsubscribeClaim, edition: str, now: datetime) -> None:
    subscriber = store.subscribers.get(claim.subscriber_id)
    editions.choose_edition(store, claim.list_slug, subscriber.email, edition, now)
