"""Engagement and retention: reports read counts kept in the issue's hash, so `digest prune` takes the
per-person sets (one member per reader and kind) with the other events, and every report still reads
the same afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from digest.admin.reporting import read_issue_report
from digest.admin.retention import prune
from digest.config import Retention
from digest.delivery.feedback import DELIVERY_KINDS
from digest.models import IssueStatus, SubscriberStatus
from digest.store import Store
from digest.store.engagement import PEOPLE_KINDS
from tests.support.issues import NOW, sent_issue

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

DEFAULTS = Retention()
ISSUE = ("morning", 1)
ARTICLE = "https://example.com/a"


def later(days: float) -> datetime:
    return NOW + timedelta(days=days)


def engaged(store: Store, tmp_path: Path) -> list[str]:
    """Issue 1 sent to five readers: three opened, one clicked, one left through the provider's link
    and one through our preferences page an hour after the send (no provider event says so)."""
    sent_issue(store, tmp_path)
    ids = store.issues.recipient_ids("morning", 1, 0, -1)
    store.engagement.record(
        [
            *((ISSUE, "open", sid) for sid in ids[:3]),
            (ISSUE, "click", ids[0]),
            (ISSUE, "unsubscribe", ids[3]),
        ],
        [(ISSUE, ids[0], ARTICLE)],
    )
    store.subscribers.set_status("morning", ids[4], SubscriberStatus.UNSUBSCRIBED, NOW + timedelta(hours=1))
    return ids


def people_sets(store: Store) -> int:
    return int(store.redis.exists(*(store.keys.issue_people("morning", 1, kind) for kind in PEOPLE_KINDS)))


def test_the_issue_report_reads_the_same_after_every_kind_is_pruned(
    bare_store: Store, tmp_path: Path
) -> None:
    engaged(bare_store, tmp_path)
    before = read_issue_report(bare_store, "morning", 1)
    assert (before.unique_opens, before.unique_clicks, before.unsubscribed) == (3, 1, 2)
    prune(bare_store, DEFAULTS, later(1000))
    assert not bare_store.redis.exists(bare_store.keys.issue_recipients("morning", 1))
    assert read_issue_report(bare_store, "morning", 1) == before


def test_the_per_person_sets_go_with_the_events_and_the_counts_stay(
    bare_store: Store, tmp_path: Path
) -> None:
    engaged(bare_store, tmp_path)
    counts = bare_store.engagement.people("morning", 1, PEOPLE_KINDS)
    prune(bare_store, DEFAULTS, later(DEFAULTS.events - 1))
    assert people_sets(bare_store) == 3  # open, click, unsubscribe: not old enough yet
    report = prune(bare_store, DEFAULTS, later(DEFAULTS.events + 1))
    assert people_sets(bare_store) == 0
    assert report.kinds["events"].keys == 5  # latest events, who clicked which URL, the three sets
    assert bare_store.engagement.people("morning", 1, PEOPLE_KINDS) == counts
    assert counts["open"] == 3 and counts["delivered"] == 0  # the outbox's readers had no such event


def test_an_event_arriving_after_the_prune_makes_no_set_again(bare_store: Store, tmp_path: Path) -> None:
    ids = engaged(bare_store, tmp_path)
    prune(bare_store, DEFAULTS, later(DEFAULTS.events + 1))
    bare_store.engagement.record(
        [(ISSUE, "open", ids[4]), (ISSUE, "open", ids[0])], [(ISSUE, ids[1], ARTICLE)]
    )
    assert people_sets(bare_store) == 0
    assert not bare_store.redis.exists(bare_store.keys.issue_clickers("morning", 1))
    assert bare_store.engagement.people("morning", 1, ["open"]) == {"open": 3}
    assert bare_store.engagement.clicks("morning", 1) == {ARTICLE: 1}


@pytest.mark.parametrize("status", [IssueStatus.SENDING, IssueStatus.PAUSED])
def test_an_issue_still_sending_keeps_its_sets_however_old(
    bare_store: Store, tmp_path: Path, status: IssueStatus
) -> None:
    engaged(bare_store, tmp_path)
    bare_store.issues.set_status("morning", 1, status)
    report = prune(bare_store, DEFAULTS, later(1000))
    assert report.kinds["events"].keys == 0 and people_sets(bare_store) == 3
    assert bare_store.engagement.members("morning", 1, "open") == set(
        bare_store.issues.recipient_ids("morning", 1, 0, 2)
    )
    assert bare_store.engagement.unsubscribed("morning", 1) is None  # still worked out live


def test_sets_recorded_before_counts_were_kept_are_counted_then_pruned(
    bare_store: Store, tmp_path: Path
) -> None:
    sent_issue(bare_store, tmp_path)
    ids = bare_store.issues.recipient_ids("morning", 1, 0, -1)
    bare_store.redis.sadd(bare_store.keys.issue_people("morning", 1, "open"), *ids[:2])  # the old layout
    assert bare_store.engagement.people("morning", 1, ["open"]) == {"open": 2}
    bare_store.engagement.record([(ISSUE, "open", ids[1]), (ISSUE, "open", ids[2])], [])
    assert bare_store.engagement.people("morning", 1, ["open"]) == {"open": 3}
    bare_store.redis.sadd(bare_store.keys.issue_people("morning", 1, "click"), ids[0])
    prune(bare_store, DEFAULTS, later(DEFAULTS.events + 1))
    assert people_sets(bare_store) == 0
    assert bare_store.engagement.people("morning", 1, ["open", "click"]) == {"open": 3, "click": 1}


def test_every_kind_an_event_can_count_under_is_one_a_prune_knows() -> None:
    """feedback.py counts a bounce as hard or soft and both unsubscribe kinds as one."""
    counted = (DELIVERY_KINDS - {"group_unsubscribe"}) | {"bounce-soft"}
    assert counted <= set(PEOPLE_KINDS)
