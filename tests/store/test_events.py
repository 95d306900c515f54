"""Provider events per delivery: the latest one kept, every one counted in the issue's hash, and none
writing again into a record `digest prune` has taken."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from digest.admin.retention import prune
from digest.config import Retention
from digest.store import Store
from tests.support.issues import NOW, sent_issue

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def test_an_earlier_event_arriving_late_does_not_replace_the_latest(
    bare_store: Store, tmp_path: Path
) -> None:
    sent_issue(bare_store, tmp_path)
    events = bare_store.events
    events.record_delivery_events([(("morning", 1), "1", "open", NOW + timedelta(minutes=5))])
    assert events.record_delivery_events([(("morning", 1), "1", "processed", NOW)]) == 0
    assert events.latest("morning", 1, "1") == "open"
    assert bare_store.redis.hget(bare_store.keys.issue("morning", 1), "ev_processed") == "1"


def test_the_latest_of_one_batch_wins_and_each_record_changes_once(bare_store: Store, tmp_path: Path) -> None:
    sent_issue(bare_store, tmp_path)
    later = NOW + timedelta(hours=1)
    batch = [
        (("morning", 1), "2", "click", later + timedelta(seconds=1)),
        (("morning", 1), "2", "open", later),
    ]
    assert bare_store.events.record_delivery_events(batch) == 1
    assert bare_store.events.latest("morning", 1, "2") == "click"


def test_an_event_after_the_prune_is_counted_but_makes_no_record_again(
    bare_store: Store, tmp_path: Path
) -> None:
    sent_issue(bare_store, tmp_path)
    prune(bare_store, Retention(), NOW + timedelta(days=Retention().events + 1))
    k = bare_store.keys
    assert not bare_store.redis.exists(k.issue_events("morning", 1))

    late = NOW + timedelta(days=Retention().events + 2)
    bare_store.events.record_delivery_events([(("morning", 1), "1", "spamreport", late)])
    assert not bare_store.redis.exists(k.issue_events("morning", 1))  # nothing a prune would not take again
    assert bare_store.redis.hget(k.issue("morning", 1), "ev_spamreport") == "1"
    assert bare_store.redis.hget(k.issue("morning", 1), "ev_delivered") == "5"


def test_an_event_for_an_issue_that_is_gone_leaves_nothing_behind(bare_store: Store) -> None:
    bare_store.events.record_delivery_events([(("morning", 9), "1", "delivered", NOW)])
    k = bare_store.keys
    assert not bare_store.redis.exists(k.issue("morning", 9), k.issue_events("morning", 9))
