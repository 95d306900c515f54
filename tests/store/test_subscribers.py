"""The subscriber repository's bulk paths and counters, on real Redis."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from digest.models import SubscriberStatus
from digest.store import Store
from digest.store.subscribers import Person

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

NOW = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def test_counts_follow_every_status_change_and_the_active_index(bare_store: Store) -> None:
    subs = bare_store.subscribers
    [a, b] = subs.create_many([Person("a@example.com"), Person("b@example.com")]).values()
    subs.set_status("m", a, SubscriberStatus.ACTIVE, NOW)
    subs.set_status("m", b, SubscriberStatus.ACTIVE, NOW)
    subs.set_status("m", b, SubscriberStatus.UNSUBSCRIBED, NOW)
    counts = subs.counts("m")
    assert counts[SubscriberStatus.ACTIVE] == 1 and counts[SubscriberStatus.UNSUBSCRIBED] == 1
    assert subs.count_active("m") == 1
    assert subs.remove("m", a) and not subs.remove("m", a)
    assert sum(subs.counts("m").values()) == 1 and subs.count_active("m") == 0


def test_counts_are_rebuilt_for_subscriptions_written_before_counters_existed(bare_store: Store) -> None:
    r: Any = bare_store.redis
    r.hset(
        bare_store.keys.list_subscriptions("old"),
        mapping={"1": "active|1.0", "2": "active|1.0", "3": "pending|1.0"},
    )
    counts = bare_store.subscribers.counts("old")
    assert counts[SubscriberStatus.ACTIVE] == 2 and counts[SubscriberStatus.PENDING] == 1
    bare_store.subscribers.set_status("old", "3", SubscriberStatus.ACTIVE, NOW)
    assert bare_store.subscribers.counts("old")[SubscriberStatus.ACTIVE] == 3


def test_an_address_indexed_meanwhile_keeps_its_id_and_no_orphan_record_stays(bare_store: Store) -> None:
    r: Any = bare_store.redis
    subs = bare_store.subscribers
    existing = subs.create_many([Person("ada@example.com", "Ada")])["ada@example.com"]
    # Another process indexed the address after our lookup: create_many must not take it over.
    ids = subs.create_many([Person("ada@example.com", "Other"), Person("bob@example.com")])
    assert ids["ada@example.com"] == existing
    assert subs.get(existing).name == "Ada"
    records = [k for k in r.scan_iter(match=f"{bare_store.keys.prefix}:sub:*") if not k.endswith(":lists")]
    assert len(records) == 2


def test_fill_in_adds_what_is_missing_and_rewrites_a_lost_record(bare_store: Store) -> None:
    r: Any = bare_store.redis
    subs = bare_store.subscribers
    sid = subs.create_many([Person("ada@example.com", "", {"city": "Oslo"})])["ada@example.com"]
    changed = subs.fill_in({sid: Person("ada@example.com", "Ada", {"city": "Rome", "plan": "pro"})})
    assert changed == 1
    assert subs.get(sid).name == "Ada" and subs.get(sid).attrs == {"city": "Oslo", "plan": "pro"}
    assert subs.fill_in({sid: Person("ada@example.com", "Ada", {"city": "Rome"})}) == 0
    r.delete(bare_store.keys.subscriber(sid))  # a crash between the index and the record
    subs.fill_in({sid: Person("ada@example.com", "Ada")})
    assert subs.by_email("ada@example.com").name == "Ada"


def test_people_are_read_back_as_written_and_a_record_without_an_address_is_nobody(bare_store: Store) -> None:
    subs = bare_store.subscribers
    ids = subs.create_many(
        [Person("plain@example.com"), Person("full@example.com", "Ada", {"city": "Bristol", "tier": "é"})]
    )
    plain, full = ids["plain@example.com"], ids["full@example.com"]
    forgotten = subs.get_or_create("gone@example.com")
    subs.erase(forgotten)
    subs.rename(forgotten.id, "Late")  # a rename racing the forget leaves a record with a name only
    found = subs.get_many([plain, full, forgotten.id, "999999"])
    assert list(found) == [plain, full]
    assert (found[plain].email, found[plain].name, found[plain].attrs) == ("plain@example.com", "", {})
    assert found[full] == subs.get(full)
    assert (found[full].name, found[full].attrs) == ("Ada", {"city": "Bristol", "tier": "é"})
