"""Editions of a list and who receives which.

Each subscriber receives exactly one edition: the one they chose, else the list's first. Switching
must neither repeat nor skip an article, yet the editions' windows do not line up (a weekly window
spans seven daily ones). So a switch records the end of the last window the subscriber was sent (their
cursor); the new edition's next issue goes to them only if its window starts there, and otherwise a
bridge issue covering (cursor, now] is built for everyone who switched with that same cursor.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from digest.addresses import normalise
from digest.errors import InvalidInput, NotFound
from digest.models import Issue
from digest.store import Store


@dataclass(frozen=True)
class AudiencePlan:
    edition: str
    is_default: bool
    other_editions: list[str]
    bridged: dict[datetime, list[str]] = field(default_factory=dict)  # cursor -> subscribers
    switched: list[str] = field(default_factory=list)  # every pending switch to this edition

    @property
    def bridged_ids(self) -> list[str]:
        return [sid for ids in self.bridged.values() for sid in ids]


def edition_names(store: Store, slug: str) -> list[str]:
    return [s.edition for s in store.schedules.for_list(slug)]


def plan_audience(store: Store, slug: str, edition: str, window_start: datetime | None) -> AudiencePlan:
    names = edition_names(store, slug)
    if not edition:
        return AudiencePlan(edition="", is_default=True, other_editions=[])
    default = names[0]
    bridged: dict[datetime, list[str]] = defaultdict(list)
    switched = []
    for subscriber_id, cursor in sorted(store.editions.bridges(slug).items()):
        if (store.editions.chosen(slug, subscriber_id) or default) != edition:
            continue  # pending a switch to another edition
        switched.append(subscriber_id)
        if cursor != window_start:
            bridged[cursor].append(subscriber_id)
    others = [name for name in names if name != edition]
    return AudiencePlan(edition, edition == default, others, dict(bridged), switched)


def fix_audience(store: Store, issue: Issue, plan: AudiencePlan) -> int:
    """The edition issue's audience: its subscribers, less those who get a bridge issue instead."""
    return store.editions.write_audience(
        issue.list_slug, issue.number, plan.edition, default=plan.is_default, others=plan.other_editions,
        exclude=plan.bridged_ids,
    )  # fmt: skip


def choose_edition(store: Store, slug: str, email: str, edition: str, now: datetime) -> str:
    """Move a subscriber to another edition of the list; returns the edition they left."""
    names = edition_names(store, slug)
    if edition not in names:
        offered = ", ".join(names) or "none: set a schedule first"
        raise InvalidInput(f"list {slug!r} has no edition {edition!r}; editions: {offered}")
    subscriber = store.subscribers.by_email(normalise(email))
    if store.subscribers.subscription(slug, subscriber.id) is None:
        raise NotFound(f"{subscriber.email} is not on list {slug!r}")
    current = store.editions.chosen(slug, subscriber.id) or names[0]
    if current == edition:
        return current
    cursor = store.schedules.cutoff(slug, current)
    if cursor is not None:
        store.editions.set_bridge(slug, subscriber.id, cursor)
    store.editions.choose(slug, subscriber.id, edition, default=names[0], others=names, now=now)
    return current
