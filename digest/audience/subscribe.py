"""Joining a list: ask (double opt-in), get the confirmation email, confirm.

Every answer a stranger can see is the same whether or not the address is on the list, so the form
cannot be used to learn who subscribes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from digest.addresses import clean_name, normalise
from digest.audience import notices
from digest.audience.notices import render_confirmation
from digest.delivery.fanout import LinkContext, recipient_for
from digest.delivery.letters import batch_of
from digest.delivery.links import CONFIRM_MAX_AGE, UnsubscribeClaim, make_confirm_token
from digest.errors import DigestError
from digest.issues import editions
from digest.models import MailingList, Recipient, Subscriber, SubscriberStatus
from digest.store import Store
from digest.transports.base import Batch, Transport

# Statuses a person may leave by asking again; bounced and complained addresses need an admin.
_MAY_REQUEST = (None, SubscriberStatus.PENDING, SubscriberStatus.UNSUBSCRIBED)
# One confirmation email per address and list in this time, however often the form is posted for it:
# enough for a lost first email, too few to bomb an inbox with.
CONFIRM_COOLDOWN_SECONDS = 15 * 60


@dataclass(frozen=True)
class JoinRequest:
    subscriber: Subscriber | None  # None: a suppressed address, of which nothing is recorded
    needs_confirmation: bool  # False: already active, suppressed, or a confirmation sent a moment ago


def request_subscription(
    store: Store, slug: str, email: str, name: str, now: datetime, *, edition: str = ""
) -> JoinRequest:
    """Record a pending subscription, with the edition asked for when the list offers it; the caller
    sends the confirmation when one is needed.

    Strangers can post any address with any name, so a name only lands on a new record; for a known
    person it waits for the confirmation link, which only the mailbox's owner can follow.
    """
    store.lists.get(slug)
    address = normalise(email)
    if store.suppression.get(address) is not None:
        return JoinRequest(None, needs_confirmation=False)  # never mailed again, whatever it asks
    wanted = clean_name(name)
    (known,) = store.subscribers.ids_for([address])
    subscriber = store.subscribers.get(known) if known else store.subscribers.get_or_create(address, wanted)
    current = store.subscribers.subscription(slug, subscriber.id)
    status = current.status if current else None
    if status not in _MAY_REQUEST:
        return JoinRequest(subscriber, needs_confirmation=False)
    if known and wanted and wanted != subscriber.name:
        store.subscribers.ask_name(slug, subscriber.id, wanted, CONFIRM_MAX_AGE)
    if status is not SubscriberStatus.PENDING:
        store.subscribers.set_status(slug, subscriber.id, SubscriberStatus.PENDING, now)
    names = editions.edition_names(store, slug)
    if edition in names:
        store.editions.choose(slug, subscriber.id, edition, default=names[0], others=names, now=now)
    notices.awaiting_confirmation(store, slug, subscriber.id, now)
    fresh = store.throttle.first_in(_cooldown(slug), subscriber.id, CONFIRM_COOLDOWN_SECONDS)
    return JoinRequest(subscriber, needs_confirmation=fresh)


def _cooldown(slug: str) -> str:
    return f"confirm:{slug}"


def ask_to_join(
    store: Store,
    links: LinkContext,
    transport: Transport,
    slug: str,
    email: str,
    name: str,
    now: datetime,
    *,
    edition: str = "",
) -> bool:
    """The whole of a form's request, recorded and mailed; True when a confirmation went out. The web
    runs it off the request path, so the answer takes as long whoever the address belongs to."""
    joining = request_subscription(store, slug, email, name, now, edition=edition)
    person = joining.subscriber
    if person is None or not joining.needs_confirmation:
        return False
    mailing_list = store.lists.get(slug)
    url = f"{links.base_url}/confirm/{make_confirm_token(links.secret, person.id, slug)}"
    recipient = recipient_for(links, person.id, person.email, person.name, slug)
    try:
        send_confirmation(transport, confirmation_message(mailing_list, person, recipient, url, store))
    except DigestError:
        store.throttle.release(_cooldown(slug), person.id)  # nothing went out: the next ask may send
        raise
    return True


def confirmation_message(
    mailing_list: MailingList,
    subscriber: Subscriber,
    recipient: Recipient,
    confirm_url: str,
    store: Store | None = None,
) -> Batch:
    """The confirmation email as a batch of one, so every transport sends it as it sends issues; the
    list's own confirmation email when `store` has one that renders whole, else the default one."""
    rendered = render_confirmation(mailing_list, name=subscriber.name, confirm_url=confirm_url, store=store)
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


@dataclass(frozen=True)
class Confirmation:
    mailing_list: MailingList
    subscribed: bool  # active on the list now
    just_now: bool  # this confirmation made them active (not a second click)


def confirm(store: Store, claim: UnsubscribeClaim, now: datetime) -> Confirmation:
    """Pending becomes active, with the name asked for on the form; confirming twice is harmless; a
    link of someone who left since does not bring them back (they asked to leave after asking to
    join), and the answer says they are not subscribed."""
    mailing_list = store.lists.get(claim.list_slug)
    current = store.subscribers.subscription(claim.list_slug, claim.subscriber_id)
    if current is not None and current.status is SubscriberStatus.PENDING:
        store.subscribers.set_status(claim.list_slug, claim.subscriber_id, SubscriberStatus.ACTIVE, now)
        asked = store.subscribers.take_asked_name(claim.list_slug, claim.subscriber_id)
        if asked:
            store.subscribers.rename(claim.subscriber_id, asked)
        notices.confirmed(store, claim.list_slug, claim.subscriber_id, now)
        return Confirmation(mailing_list, subscribed=True, just_now=True)
    active = current is not None and current.status is SubscriberStatus.ACTIVE
    return Confirmation(mailing_list, subscribed=active, just_now=False)
