"""Delivery records in Redis: a claim before the send, an outcome after, counters that never drift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest.models import DeliveryState, Issue, IssueStatus, RenderedIssue
from digest.store import Store

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster

NOW = datetime(2025, 11, 3, 7, 0, tzinfo=UTC)


def _issue(store: Store) -> Issue:
    issue = Issue(
        id="morning-1",
        list_slug="morning",
        list_name="Morning",
        number=1,
        subject="s",
        created_at=NOW,
        cutoff=NOW,
        article_ids=[],
        status=IssueStatus.QUEUED,
    )
    store.issues.create(issue, RenderedIssue(subject="s", html="<p>h</p>", text="t"))
    return issue


def test_a_claimed_recipient_is_not_claimed_twice(bare_store: Store) -> None:
    _issue(bare_store)
    assert bare_store.issues.claim("morning", 1, ["1", "2"], NOW) == {"1": "claimed", "2": "claimed"}
    bare_store.issues.record("morning", 1, [("1", DeliveryState.SENT, "<m1>")], NOW)
    again = bare_store.issues.claim("morning", 1, ["1"], NOW)
    assert again == {"1": "sent"}


def test_a_recipient_left_sending_by_a_dead_worker_becomes_unconfirmed(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1"], NOW)
    # The worker died here: the chunk is redelivered and claims the same recipient again.
    assert bare_store.issues.claim("morning", 1, ["1"], NOW) == {"1": "unconfirmed"}
    record = bare_store.issues.delivery("morning", 1, "1")
    assert record is not None and record.state is DeliveryState.UNCONFIRMED
    assert bare_store.issues.counts("morning", 1)["unconfirmed"] == 1


def test_a_failed_recipient_can_be_retried_and_counts_move_with_it(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1"], NOW)
    bare_store.issues.record("morning", 1, [("1", DeliveryState.FAILED, "HTTP 500")], NOW)
    assert bare_store.issues.counts("morning", 1)["failed"] == 1
    assert bare_store.issues.claim("morning", 1, ["1"], NOW) == {"1": "claimed"}
    bare_store.issues.record("morning", 1, [("1", DeliveryState.SENT, "<m1>")], NOW)
    assert bare_store.issues.counts("morning", 1) == {"sent": 1, "failed": 0, "unconfirmed": 0, "skipped": 0}


def test_skipped_is_written_only_where_nothing_was_recorded(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1"], NOW)
    bare_store.issues.record("morning", 1, [("1", DeliveryState.SENT, "<m1>")], NOW)
    changed = bare_store.issues.record(
        "morning", 1, [("1", DeliveryState.SKIPPED, "left"), ("2", DeliveryState.SKIPPED, "left")], NOW
    )
    assert changed == 1
    record = bare_store.issues.delivery("morning", 1, "1")
    assert record is not None and record.state is DeliveryState.SENT
    assert record.detail == "<m1>"


def test_an_outcome_without_a_claim_is_ignored(bare_store: Store) -> None:
    _issue(bare_store)
    assert bare_store.issues.record("morning", 1, [("9", DeliveryState.SENT, "<m9>")], NOW) == 0
    assert bare_store.issues.delivery("morning", 1, "9") is None


def test_a_live_claim_of_another_owner_is_left_alone_until_its_lease_runs_out(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1"], NOW, owner="task-a")
    assert bare_store.issues.claim("morning", 1, ["1"], NOW, owner="task-b", lease_seconds=900) == {
        "1": "busy"
    }
    later = NOW + timedelta(seconds=901)
    assert bare_store.issues.claim("morning", 1, ["1"], later, owner="task-b", lease_seconds=900) == {
        "1": "unconfirmed"
    }


def test_only_the_owner_of_a_claim_records_its_outcome(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1"], NOW, owner="task-a")
    assert (
        bare_store.issues.record("morning", 1, [("1", DeliveryState.SENT, "<m>")], NOW, owner="task-b") == 0
    )
    assert (
        bare_store.issues.record("morning", 1, [("1", DeliveryState.SENT, "<m>")], NOW, owner="task-a") == 1
    )


def test_unconfirmed_recipients_are_listed_and_claimed_again_only_by_a_resend(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1", "2"], NOW, owner="t")
    bare_store.issues.claim("morning", 1, ["1", "2"], NOW, owner="t")
    assert bare_store.issues.unconfirmed_ids("morning", 1) == ["1", "2"]
    assert bare_store.issues.claim("morning", 1, ["1"], NOW, owner="u") == {"1": "unconfirmed"}
    assert bare_store.issues.claim("morning", 1, ["1"], NOW, owner="u", resend_unconfirmed=True) == {
        "1": "claimed"
    }
    bare_store.issues.record("morning", 1, [("1", DeliveryState.SENT, "<m>")], NOW, owner="u")
    assert bare_store.issues.unconfirmed_ids("morning", 1) == ["2"]
    assert bare_store.issues.counts("morning", 1) == {"sent": 1, "failed": 0, "unconfirmed": 1, "skipped": 0}


def test_failure_reasons_are_counted_while_they_hold(bare_store: Store) -> None:
    _issue(bare_store)
    bare_store.issues.claim("morning", 1, ["1", "2", "3"], NOW)
    outcomes = [("1", DeliveryState.FAILED, "HTTP 500"), ("2", DeliveryState.FAILED, "HTTP 500")]
    bare_store.issues.record("morning", 1, [*outcomes, ("3", DeliveryState.FAILED, "bad|name\nx")], NOW)
    assert bare_store.issues.errors("morning", 1) == {"HTTP 500": 2, "bad/name x": 1}
    bare_store.issues.claim("morning", 1, ["1"], NOW)
    assert bare_store.issues.errors("morning", 1) == {"HTTP 500": 1, "bad/name x": 1}
