"""Admin use cases behind the CLI: lists, subscribers, feeds. Validation lives here, not in the CLI."""

from __future__ import annotations

import re
from datetime import datetime

from digest.addresses import check_from, normalise
from digest.errors import InvalidInput

# Feed administration lives in digest.feed_admin; re-exported so `admin.add_feed` keeps working.
from digest.feed_admin import FeedCheck as FeedCheck
from digest.feed_admin import add_feed as add_feed
from digest.feed_admin import remove_feed as remove_feed
from digest.models import MailingList, Subscriber, SubscriberStatus
from digest.store import Store

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def create_list(
    store: Store,
    slug: str,
    *,
    name: str,
    from_addr: str,
    now: datetime,
    reply_to: str = "",
    description: str = "",
) -> MailingList:
    if not _SLUG.match(slug):
        raise InvalidInput(
            f"list slug {slug!r} is not valid: use 1-40 lower-case letters, digits, '-' or '_', "
            "e.g. morning-brief"
        )
    if reply_to:
        normalise(reply_to)
    mailing_list = MailingList(
        slug=slug,
        name=name.strip() or slug,
        from_addr=check_from(from_addr),
        created_at=now,
        reply_to=reply_to.strip(),
        description=description.strip(),
    )
    store.lists.create(mailing_list)
    return mailing_list


def add_subscriber(
    store: Store,
    slug: str,
    email: str,
    *,
    now: datetime,
    name: str = "",
    attrs: dict[str, str] | None = None,
    status: SubscriberStatus = SubscriberStatus.ACTIVE,
) -> Subscriber:
    store.lists.get(slug)  # refuses an unknown list before anything is written
    subscriber = store.subscribers.get_or_create(normalise(email), name.strip(), attrs)
    current = store.subscribers.subscription(slug, subscriber.id)
    if current is None or current.status is not status:
        store.subscribers.set_status(slug, subscriber.id, status, now)
    return subscriber
