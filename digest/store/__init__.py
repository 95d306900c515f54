"""The only code that talks to Redis: one repository per aggregate, all handed one client and the keys.

Repositories map the dataclasses of digest.models to hashes and sets; nothing else knows the layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from digest.store.articles import ArticleStore
from digest.store.client import Client
from digest.store.editions import EditionStore
from digest.store.engagement import EngagementStore
from digest.store.events import EventStore
from digest.store.feeds import FeedStore
from digest.store.health import HealthStore
from digest.store.issues import IssueStore
from digest.store.keys import Keys
from digest.store.lists import ListStore
from digest.store.notices import NoticeStore
from digest.store.pauses import PauseStore
from digest.store.retention import RetentionStore
from digest.store.review import ReviewStore
from digest.store.schedules import ScheduleStore
from digest.store.subscribers import SubscriberStore
from digest.store.suppression import SuppressionStore
from digest.store.throttle import Throttle
from digest.store.workmetrics import WorkMetrics


@dataclass(frozen=True)
class Store:
    redis: Client
    keys: Keys
    lists: ListStore
    subscribers: SubscriberStore
    feeds: FeedStore
    articles: ArticleStore
    issues: IssueStore
    schedules: ScheduleStore
    editions: EditionStore
    throttle: Throttle
    health: HealthStore
    events: EventStore
    engagement: EngagementStore
    pauses: PauseStore
    suppression: SuppressionStore
    review: ReviewStore
    notices: NoticeStore
    retention: RetentionStore
    work: WorkMetrics


def open_store(client: Client, prefix: str) -> Store:
    keys = Keys(prefix)
    return Store(
        redis=client,
        keys=keys,
        lists=ListStore(client, keys),
        subscribers=SubscriberStore(client, keys),
        feeds=FeedStore(client, keys),
        articles=ArticleStore(client, keys),
        issues=IssueStore(client, keys),
        schedules=ScheduleStore(client, keys),
        editions=EditionStore(client, keys),
        throttle=Throttle(client, keys),
        health=HealthStore(client, keys),
        events=EventStore(client, keys),
        engagement=EngagementStore(client, keys),
        pauses=PauseStore(client, keys),
        suppression=SuppressionStore(client, keys),
        review=ReviewStore(client, keys),
        notices=NoticeStore(client, keys),
        retention=RetentionStore(client, keys),
        work=WorkMetrics(client, keys),
    )
