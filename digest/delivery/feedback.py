"""Provider events (SendGrid's Event Webhook) -> deliveries, subscribers and the suppression set.

Events come back with our custom args (issue_id, subscriber_id) as top-level keys, so most map to a
delivery. Events without them (mail sent by other systems through the same account) still act on the
address: a hard bounce or a spam report suppresses it everywhere. Every event is acted on once, by its
sg_event_id, however often the provider retries the batch, and a late event never overwrites a newer one.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from digest.errors import InvalidInput, NotFound
from digest.models import SubscriberStatus, SuppressionReason
from digest.store import Store

DELIVERY_KINDS = frozenset(
    {
        "processed",
        "delivered",
        "deferred",
        "bounce",
        "dropped",
        "open",
        "click",
        "spamreport",
        "unsubscribe",
        "group_unsubscribe",
    }
)


@dataclass(frozen=True)
class ProviderEvent:
    event_id: str
    kind: str
    email: str
    at: datetime
    issue_id: str = ""
    subscriber_id: str = ""
    bounce_type: str = ""  # "bounce" (hard) or "blocked" (soft), on bounce events
    reason: str = ""
    url: str = ""  # the clicked link, on click events; "" when absent or not one we keep

    @property
    def hard_bounce(self) -> bool:
        return self.kind == "bounce" and self.bounce_type != "blocked"


@dataclass
class EventReport:
    accepted: int = 0
    duplicates: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    suppressed: int = 0
    skipped: int = 0  # events that could not be read (a bad field): left out, the batch goes on


@dataclass(frozen=True)
class EventBatch:
    events: list[ProviderEvent]
    skipped: int  # items that were not events we can act on


def parse_events(body: bytes) -> EventBatch:
    """The batch's events; an item that cannot be read is counted and left out, so one odd event
    never keeps the others (a bounce among them) from being applied, nor makes the provider retry."""
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidInput("the event batch is not JSON (or is nested too deeply)") from exc
    if not isinstance(raw, list):
        raise InvalidInput("the event batch must be a JSON array of events")
    events: list[ProviderEvent] = []
    for item in raw:
        event = _event(item)
        if event is not None:
            events.append(event)
    return EventBatch(events, skipped=len(raw) - len(events))


def _event(item: object) -> ProviderEvent | None:
    if not isinstance(item, dict) or not item.get("sg_event_id") or not item.get("event"):
        return None  # nothing to identify it by: it cannot be made idempotent, so it is not acted on
    try:
        stamp = float(item.get("timestamp", 0) or 0)
        if not math.isfinite(stamp):
            return None
        at = datetime.fromtimestamp(stamp, UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return ProviderEvent(
        event_id=str(item["sg_event_id"])[:200],
        kind=str(item["event"])[:50],
        email=str(item.get("email", "")).strip()[:320],
        at=at,
        issue_id=str(item.get("issue_id", ""))[:200],
        subscriber_id=str(item.get("subscriber_id", ""))[:50],
        bounce_type=str(item.get("type", ""))[:50],
        reason=str(item.get("reason", ""))[:200],
        url=_clicked_url(item.get("url")) if item.get("event") == "click" else "",
    )


MAX_URL_CHARS = 2048  # what browsers and SendGrid's click tracking reliably carry


def _clicked_url(value: object) -> str:
    """The link as the provider reports it, if it is one we could have sent: an http(s) URL of
    sensible length. Cut-off or odd values are dropped whole (a truncated URL matches no article)."""
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS:
        return ""
    url = value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        return ""
    return url


def _people_kind(event: ProviderEvent) -> str:
    """The set an event puts its recipient in: bounces split hard/soft, both unsubscribe kinds one."""
    if event.kind == "bounce":
        return "bounce" if event.hard_bounce else "bounce-soft"
    return "unsubscribe" if event.kind == "group_unsubscribe" else event.kind


def apply_events(store: Store, batch: EventBatch, now: datetime) -> EventReport:
    events = batch.events
    report = EventReport(skipped=batch.skipped)
    fresh_ids = store.events.claim_new([e.event_id for e in events])
    fresh = [e for e in events if e.event_id in fresh_ids]
    report.duplicates = len(events) - len(fresh)
    report.accepted = len(fresh)
    report.by_kind.update(e.kind for e in fresh)
    located = _locate_issues(store, {e.issue_id for e in fresh if e.issue_id})
    ours = [e for e in fresh if e.issue_id in located and e.subscriber_id and e.kind in DELIVERY_KINDS]
    store.events.record_delivery_events([(located[e.issue_id], e.subscriber_id, e.kind, e.at) for e in ours])
    store.engagement.record(
        people=[(located[e.issue_id], _people_kind(e), e.subscriber_id) for e in ours],
        clicks=[(located[e.issue_id], e.subscriber_id, e.url) for e in ours if e.kind == "click"],
    )
    for event in fresh:
        report.suppressed += _act_on_subscriber(store, event, located.get(event.issue_id), now)
    return report


def _locate_issues(store: Store, issue_ids: set[str]) -> dict[str, tuple[str, int]]:
    found = {}
    for ident in issue_ids:
        try:
            found[ident] = store.issues.locate(ident)
        except (NotFound, ValueError, IndexError):
            continue  # not ours, or an issue deleted since
    return found


def _act_on_subscriber(
    store: Store, event: ProviderEvent, issue: tuple[str, int] | None, now: datetime
) -> int:
    """Subscriber-level consequences (rare next to delivered/open/click, so done one by one)."""
    if not (event.hard_bounce or event.kind in ("spamreport", "unsubscribe", "group_unsubscribe")):
        return 0
    try:
        person = store.subscribers.by_email(event.email) if event.email else None
    except NotFound:
        person = None
    if event.subscriber_id and person is None:
        try:
            person = store.subscribers.get(event.subscriber_id)
        except NotFound:
            person = None
    slug = issue[0] if issue else ""
    if event.kind in ("unsubscribe", "group_unsubscribe"):
        if person and slug:
            store.subscribers.set_status(slug, person.id, SubscriberStatus.UNSUBSCRIBED, now)
        return 0
    status, reason = (
        (SubscriberStatus.BOUNCED, SuppressionReason.BOUNCED)
        if event.hard_bounce
        else (SubscriberStatus.COMPLAINED, SuppressionReason.COMPLAINED)
    )
    if person is not None:
        # A dead address is dead on every list; a complaint is about every list we send from it too.
        for list_slug in store.subscribers.lists_of(person.id):
            store.subscribers.set_status(list_slug, person.id, status, now)
    address = person.email if person else event.email
    if not address:
        return 0
    store.suppression.add(address, reason, now, note=f"{event.kind}: {event.reason}".strip(": "))
    return 1
