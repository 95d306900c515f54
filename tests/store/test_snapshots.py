"""An issue's recipient snapshot: who it goes to, frozen when its send starts, copied a page at a time
(one copy of a million members held Redis for seconds), and made again if its worker never finished."""

from __future__ import annotations

import pytest

from digest import admin
from digest.models import IssueStatus, SubscriberStatus
from digest.store import Store
from tests.support.issues import NOW, make_issue

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def test_a_list_larger_than_a_page_is_copied_whole_ties_and_all(store: Store) -> None:
    make_issue(store, 23)  # joined at the same moment: every member has the same score
    assert store.issues.snapshot_recipients("morning", 1, NOW, page=4) == 23
    active = store.redis.zrange(store.keys.list_active("morning"), 0, -1, withscores=True)
    assert store.redis.zrange(store.keys.issue_recipients("morning", 1), 0, -1, withscores=True) == active
    assert store.issues.status("morning", 1)[0] is IssueStatus.SENDING


def test_a_snapshot_its_worker_never_finished_is_made_again(store: Store) -> None:
    """The send task died (or timed out) after marking the start: the next try copies, not nobody."""
    make_issue(store, 9)
    store.redis.hset(store.keys.issue("morning", 1), "started_at", str(NOW.timestamp()))
    store.redis.zadd(store.keys.issue_recipients("morning", 1), {"1": NOW.timestamp()})
    assert store.issues.snapshot_recipients("morning", 1, NOW, page=4) == 9
    assert len(store.issues.recipient_ids("morning", 1, 0, -1)) == 9


def test_a_finished_snapshot_is_kept_whoever_joins_later(store: Store) -> None:
    make_issue(store, 5)
    assert store.issues.snapshot_recipients("morning", 1, NOW) == 5
    admin.add_subscriber(store, "morning", "late@example.com", name="Late", now=NOW)
    assert store.issues.snapshot_recipients("morning", 1, NOW) == 5
    assert len(store.issues.recipient_ids("morning", 1, 0, -1)) == 5


def test_a_cancelled_issue_stays_cancelled_when_its_queued_task_runs(store: Store) -> None:
    make_issue(store, 3)
    store.issues.set_status("morning", 1, IssueStatus.CANCELLED)
    store.issues.snapshot_recipients("morning", 1, NOW)
    assert store.issues.status("morning", 1)[0] is IssueStatus.CANCELLED


def _edition_issue(store: Store, people: int, audience: int) -> list[str]:
    """Issue 1 of `morning` for an edition whose audience is the first `audience` of `people`."""
    make_issue(store, people)
    ids = store.redis.zrange(store.keys.list_active("morning"), 0, -1)
    store.editions.write_explicit_audience("morning", 1, ids[:audience])
    return list(ids)


def test_an_editions_snapshot_is_its_audience_still_active_copied_a_page_at_a_time(
    store: Store, request: pytest.FixtureRequest, data_at: str
) -> None:
    ids = _edition_issue(store, 13, audience=10)
    store.subscribers.set_status("morning", ids[0], SubscriberStatus.UNSUBSCRIBED, NOW)  # left since
    cluster = request.getfixturevalue("redis_cluster") if data_at else None
    before = cluster.calls("zinterstore") if cluster else 0

    assert store.issues.snapshot_recipients("morning", 1, NOW, page=3) == 9
    active = dict(store.redis.zrange(store.keys.list_active("morning"), 0, -1, withscores=True))
    snapshot = store.redis.zrange(store.keys.issue_recipients("morning", 1), 0, -1, withscores=True)
    assert snapshot == [(sid, active[sid]) for sid in ids[1:10]]  # the list's scores, the list's order
    if cluster:  # the test cluster serves this session alone, so its counters are ours to read
        assert cluster.calls("zinterstore") == before, "one ZINTERSTORE over the whole audience"


def test_an_editions_snapshot_its_worker_never_finished_is_made_again_without_who_left(
    store: Store,
) -> None:
    ids = _edition_issue(store, 8, audience=6)
    store.redis.hset(store.keys.issue("morning", 1), "started_at", str(NOW.timestamp()))
    store.redis.zadd(store.keys.issue_recipients("morning", 1), {ids[2]: 1.0})  # copied, then it died
    store.subscribers.set_status("morning", ids[2], SubscriberStatus.UNSUBSCRIBED, NOW)
    assert store.issues.snapshot_recipients("morning", 1, NOW, page=2) == 5
    assert ids[2] not in store.issues.recipient_ids("morning", 1, 0, -1)


def test_a_cancelled_editions_issue_stays_cancelled_when_its_queued_task_runs(store: Store) -> None:
    _edition_issue(store, 4, audience=2)
    store.issues.set_status("morning", 1, IssueStatus.CANCELLED)
    store.issues.snapshot_recipients("morning", 1, NOW, page=1)
    assert store.issues.status("morning", 1)[0] is IssueStatus.CANCELLED
