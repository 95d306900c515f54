"""Writes that span hash slots are one command per slot (a cluster has no MULTI across slots), in an
order that leaves a write cut short between them harmless, and completed by running it again. Each
test leaves the store as such a crash would, then runs the command again."""

from __future__ import annotations

import pytest

from digest.store import Store
from tests.support.cli import fails, ok
from tests.support.issues import make_issue

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def test_a_forget_cut_short_before_the_address_index_is_completed_by_forgetting_again(
    morning: str, store: Store
) -> None:
    ok("subscribers", "add", "morning", "ada@example.com")
    person = store.subscribers.by_email("ada@example.com")
    store.redis.delete(store.keys.subscriber(person.id))  # erased, all but the address index
    store.redis.delete(store.keys.subscriber_lists(person.id))

    assert ok("subscribers", "forget", "ada@example.com", "--yes")["email"] == "ada@example.com"
    assert store.subscribers.ids_for(["ada@example.com"]) == [None]


def test_an_issue_whose_index_entry_was_never_written_is_found_by_its_id(
    store: Store, env: dict[str, str]
) -> None:
    make_issue(store, 2)
    store.redis.hdel(store.keys.issue_index(), "morning-1")  # created, cut short before the index

    assert ok("issue", "show", "morning-1")["id"] == "morning-1"
    assert "no issue 'morning-9'" in fails("issue", "show", "morning-9")
    assert "no issue 'morning'" in fails("issue", "show", "morning")


def test_a_schedule_index_entry_without_its_schedule_is_passed_over(morning: str, store: Store) -> None:
    store.redis.sadd(store.keys.schedule_index(), "morning/default")  # a save cut short after the index

    assert ok("schedule", "list") == []
    ok("schedule", "set", "morning", "daily 07:00")
    assert [row["edition"] for row in ok("schedule", "list")] == ["default"]
