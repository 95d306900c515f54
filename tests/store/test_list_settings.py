"""A list's settings as Redis holds them: the grouping of its digest reads back as written, and a list
stored before the setting (or with a value this version does not know) shows one run of articles."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.models import Grouping, MailingList
from digest.store import Store

CREATED = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)


def a_list(group_by: Grouping = Grouping.NONE) -> MailingList:
    return MailingList("morning", "Morning Brief", "brief@example.com", CREATED, group_by=group_by)


def test_a_list_keeps_its_grouping_through_create_and_update(store: Store) -> None:
    store.lists.create(a_list(Grouping.FEED))
    assert store.lists.get("morning").group_by is Grouping.FEED
    assert store.lists.update("morning", {"group_by": "none"}).group_by is Grouping.NONE


def test_a_list_stored_before_the_setting_is_not_grouped(store: Store) -> None:
    store.lists.create(a_list())
    assert store.redis.hget(store.keys.mailing_list("morning"), "group_by") is None
    assert store.lists.get("morning").group_by is Grouping.NONE


def test_a_grouping_this_version_does_not_know_reads_as_none(store: Store) -> None:
    store.lists.create(a_list())
    store.redis.hset(store.keys.mailing_list("morning"), "group_by", "topic")
    assert store.lists.get("morning").group_by is Grouping.NONE
