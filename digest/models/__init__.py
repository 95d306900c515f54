"""Domain objects shared by every layer.

They are plain dataclasses so the pure modules (highlights, compose, render) can be tested without
Redis, and so the store can map them to hashes field by field. Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from digest.models.branding import Branding as Branding  # re-exported: every layer names it here
from digest.models.grouping import Grouping as Grouping  # likewise
from digest.models.images import ArticleImage as ArticleImage  # likewise
from digest.models.review import ON_TIMEOUT_CHOICES as ON_TIMEOUT_CHOICES  # likewise
from digest.models.review import ReviewPolicy as ReviewPolicy  # likewise


class SubscriberStatus(StrEnum):
    """A subscriber's standing on one list; only ACTIVE receives issues."""

    PENDING = "pending"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"
    COMPLAINED = "complained"


class SuppressionReason(StrEnum):
    """Why an address is on the global suppression set (never mailed, whatever a list says)."""

    BOUNCED = "bounced"
    COMPLAINED = "complained"
    MANUAL = "manual"


class IssueStatus(StrEnum):
    """DRAFT: built for a list under review, held until an editor approves it (or its time runs out);
    DROPPED: a draft that will never go out (its articles went back to the next issue)."""

    DRAFT = "draft"
    DROPPED = "dropped"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    PAUSED = "paused"
    CANCELLED = "cancelled"


class FeedStatus(StrEnum):
    """How a feed's polls are going: FAILING after repeated failures (it recovers by itself on the next
    good poll); DISABLED when the server said the feed is gone for good (re-adding it re-enables it)."""

    OK = "ok"
    FAILING = "failing"
    DISABLED = "disabled"


class DeliveryState(StrEnum):
    """Life of one (issue, subscriber) delivery.

    SENDING is written before the transport is called, so a worker that dies mid-request leaves a
    trace: such recipients become UNCONFIRMED instead of being silently re-sent or dropped.
    """

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class MailingList:
    slug: str
    name: str
    from_addr: str
    created_at: datetime
    reply_to: str = ""
    description: str = ""
    greeting: bool = True  # "Hi Grace," above the articles; some lists go straight to them
    branding: Branding = field(default_factory=Branding)
    utm: bool = False  # UTM tags on article links, so publishers see the digest in their analytics
    images: bool = True  # each article's own image as a thumbnail; off for lists that want text only
    group_by: Grouping = Grouping.NONE  # articles under a heading per feed, or one run


@dataclass(frozen=True)
class Subscriber:
    """One person, shared by every list they are on (addresses are unique across the service)."""

    id: str
    email: str
    name: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Subscription:
    list_slug: str
    subscriber_id: str
    status: SubscriberStatus
    since: datetime


@dataclass(frozen=True)
class SuppressionEntry:
    """`email` is empty once the person was forgotten: only the digest of the address remains."""

    digest: str
    reason: SuppressionReason
    at: datetime
    email: str = ""
    note: str = ""


@dataclass(frozen=True)
class Feed:
    """A feed URL; feeds are global so two lists reading the same URL fetch it once."""

    id: str
    url: str
    title: str = ""
    etag: str = ""
    last_modified: str = ""
    last_polled_at: datetime | None = None
    last_error: str = ""
    error_count: int = 0  # consecutive failed polls; a good poll resets it
    status: FeedStatus = FeedStatus.OK
    next_poll_at: datetime | None = None  # backoff: not polled again before this (None: any time)
    poll_every: int = 0  # seconds between polls for this feed; 0: DIGEST_POLL_INTERVAL
    warning: str = ""  # what the last good poll left out (skipped entries, caps reached); "" when nothing


@dataclass(frozen=True)
class FeedEntry:
    """What a feed says about one item, before its page is fetched."""

    identity: str
    url: str
    title: str
    published_at: datetime | None = None
    summary: str = ""
    author: str = ""
    image: ArticleImage | None = None  # media:content, media:thumbnail or an image enclosure


@dataclass(frozen=True)
class ExtractedPage:
    """What an article page yields: main text, metadata, the publisher's own highlight block and the
    summaries the page declares. Only what the page says: which of them is shown is decided in
    digest.highlights.choose, so the order lives in one place."""

    title: str
    text: str
    author: str = ""
    site_name: str = ""
    published_at: datetime | None = None
    explicit_highlights: list[str] = field(default_factory=list)
    highlight_marker: str = ""
    abstract: str = ""  # schema.org (JSON-LD) abstract, as declared: a summary, a teaser or the lead
    description: str = ""  # schema.org (JSON-LD) description, likewise unjudged
    description_shown: bool = False  # the page prints the description in its body: its standfirst
    image: ArticleImage | None = None  # the page's lead image (og:image, twitter:image, JSON-LD)


class ExtractiveMethod(StrEnum):
    """How a page without a written summary gets its highlights (digest.highlights.extractive)."""

    LEAD = "lead"  # the first sentences, cleaned of page furniture: the default
    RANKED = "ranked"  # the most central sentences, in article order


@dataclass(frozen=True)
class Highlights:
    """The sentences shown under an article, and how they were chosen (for operators to check)."""

    sentences: list[str]
    method: str  # "explicit", "extractive" or "none"
    # Which source an explicit choice came from: the heading of the page's block (e.g. "Highlights"),
    # "schema.org abstract", "schema.org description" or "feed summary" (digest.highlights.choose).
    marker: str = ""


@dataclass(frozen=True)
class Article:
    id: str
    feed_id: str
    url: str
    title: str
    source: str
    first_seen_at: datetime
    highlights: list[str]
    highlight_method: str
    published_at: datetime | None = None
    author: str = ""
    image: ArticleImage | None = None  # the page's own image, else the feed's (digest.collect.pages)

    @property
    def sort_time(self) -> datetime:
        """Publication time when the feed gives one, else when we first saw it."""
        return self.published_at or self.first_seen_at


@dataclass(frozen=True)
class Issue:
    """One edition of a list's digest; keeps the list name and articles it went out with."""

    id: str
    list_slug: str
    list_name: str
    number: int
    subject: str
    created_at: datetime
    cutoff: datetime
    article_ids: list[str]
    status: IssueStatus
    recipients: int = 0
    edition: str = ""  # the edition it belongs to; "" for a list without schedules
    # A bridge issue: what a few subscribers who switched edition missed, already in other issues.
    catch_up: bool = False


@dataclass(frozen=True)
class RenderedIssue:
    """The issue body rendered once; per-recipient fields are placeholders filled at send time."""

    subject: str
    html: str
    text: str
    preheader: str = ""


@dataclass(frozen=True)
class Recipient:
    """Per-recipient fields that personalise the rendered issue."""

    subscriber_id: str
    email: str
    name: str
    unsubscribe_url: str
    unsubscribe_mailto: str
    preferences_url: str = ""  # edition, a break, or leaving: linked from every footer


@dataclass(frozen=True)
class OutgoingMessage:
    """A rendered, personalised message ready for a transport."""

    issue_id: str
    recipient: Recipient
    from_addr: str
    subject: str
    html: str
    text: str
    reply_to: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendResult:
    subscriber_id: str
    ok: bool
    message_id: str = ""
    error: str = ""
    permanent: bool = False
    # The request may have reached the provider (no answer came back): flagged, never retried blindly.
    uncertain: bool = False
    status: int = 0  # the provider's answer to a failure: HTTP status (SendGrid), reply code (SMTP); 0: none


@dataclass(frozen=True)
class Schedule:
    """When one edition of a list goes out, and what it may hold.

    A list may have several editions (e.g. "daily" and "weekly") reading the same feeds; the first one
    created is the default that new subscribers get.
    """

    list_slug: str
    edition: str
    spec: str  # as the operator wrote it, e.g. "weekdays 07:00"
    cron: str
    tz: str
    created_at: datetime
    paused: bool = False
    catch_up: str = "one"  # "one": missed slots collapse into one issue; "none": missed slots are dropped
    max_articles: int = 30
    max_per_feed: int = 10
    max_age_hours: int = 0  # 0: no limit
