"""What is already in Redis reads the same after the code's words change: the edition of a schedule and
of an issue keep the field name they were first stored under."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest

from digest.models import Schedule
from digest.store import Store
from tests.support.issues import RENDERED, make_issue

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

CREATED = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)


def test_a_schedule_stored_before_the_rename_reads_with_its_edition(store: Store) -> None:
    raw = {
        "list_slug": "morning",
        "cadence": "weekly",
        "spec": "weekly sun 18:00",
        "cron": "0 18 * * 0",
        "tz": "UTC",
        "created_at": CREATED.timestamp(),
    }
    store.redis.hset(store.keys.schedules("morning"), "weekly", json.dumps(raw))
    schedule = store.schedules.get("morning", "weekly")
    assert (schedule.edition, schedule.spec, schedule.created_at) == ("weekly", "weekly sun 18:00", CREATED)


def test_a_schedule_is_stored_under_the_field_name_earlier_versions_read(store: Store) -> None:
    schedule = Schedule("morning", "daily", "daily 07:00", "0 7 * * *", "UTC", CREATED)
    store.schedules.save(schedule)
    stored = json.loads(store.redis.hget(store.keys.schedules("morning"), "daily"))
    assert stored["cadence"] == "daily" and "edition" not in stored
    assert store.schedules.get("morning", "daily") == schedule


def test_an_issue_keeps_its_edition_under_the_field_name_earlier_versions_read(store: Store) -> None:
    issue = dataclasses.replace(make_issue(store, 1), id="morning-2", number=2, edition="weekly")
    store.issues.create(issue, RENDERED)
    assert store.redis.hget(store.keys.issue("morning", 2), "cadence") == "weekly"
    assert store.issues.get("morning", 2).edition == "weekly"
