"""`digest issue …` over SendGrid (the stand-in): send, follow, steer and resend an issue."""

from __future__ import annotations

import re
import time

import pytest

from digest.runtime import Runtime
from tests.support.cli import ok, run, succeeds
from tests.support.issues import address, make_issue
from tests.support.sendgrid_standin import StandIn

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


@pytest.fixture
def standin(sendgrid_env: StandIn, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    """The CLI sends through the SendGrid stand-in (conftest's sendgrid_env), and gives up on a request
    after half a second, so a hanging one leaves its recipients unconfirmed quickly."""
    monkeypatch.setenv("SENDGRID_TIMEOUT", "0.5")
    return sendgrid_env


def test_status_shows_counts_rate_errors_and_the_unconfirmed(standin: StandIn) -> None:
    store = Runtime.from_env().store
    make_issue(store, 6)
    standin.reject[address(1)] = "Does not contain a valid address."
    sent = ok("issue", "send", "morning", "--inline")
    assert sent["counts"] == {"sent": 5, "failed": 1, "unconfirmed": 0, "skipped": 0}
    status = ok("issue", "status", "morning-1")
    assert status["status"] == "sent" and status["pending"] == 0 and status["eta_seconds"] is None
    assert status["errors"] == {
        "SendGrid 400: personalizations.1.to.0.email: Does not contain a valid address.": 1
    }
    human = succeeds("issue", "status", "morning-1")
    assert "SendGrid 400" in human and "pending" in human


def test_unconfirmed_recipients_are_listed_and_resent_on_request(standin: StandIn) -> None:
    store = Runtime.from_env().store
    make_issue(store, 2)
    standin.plan.append("hang")
    standin.hang_seconds = 1.0
    succeeds("issue", "send", "morning", "--inline")
    status = ok("issue", "status", "morning-1")
    assert status["unconfirmed"] == [{"id": "1", "email": address(0)}, {"id": "2", "email": address(1)}]
    assert "digest issue resend morning-1 --unconfirmed" in succeeds("issue", "status", "morning-1")
    run("issue", "resend", "morning-1", code=1)
    deadline = time.monotonic() + 5
    while standin.messages < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    resent = ok("issue", "resend", "morning-1", "--unconfirmed", "--inline")
    assert resent["resending"] == 2 and resent["sent"] == 2 and resent["unconfirmed"] == 0
    assert standin.times(address(0)) == 2  # once unconfirmed, once deliberately


def test_pause_resume_and_cancel_move_the_status_and_refuse_what_makes_no_sense(standin: StandIn) -> None:
    store = Runtime.from_env().store
    make_issue(store, 3)
    store.issues.snapshot_recipients("morning", 1, store.issues.get("morning", 1).created_at)
    assert ok("issue", "pause", "morning-1")["status"] == "paused"
    refused = run("issue", "pause", "morning-1", code=1)
    assert refused.output.strip() == "Error: issue morning-1 is paused, not sending: nothing to pause"
    assert ok("issue", "resume", "morning-1", "--inline")["status"] == "sent"
    assert len(standin.counts) == 3
    run("issue", "cancel", "morning-1", code=1)
    make_issue(store, 3, number=2)
    assert ok("issue", "cancel", "morning-2")["status"] == "cancelled"


def test_show_and_list_describe_the_issue(standin: StandIn) -> None:
    store = Runtime.from_env().store
    make_issue(store, 2)
    succeeds("issue", "send", "morning", "--inline")
    shown = ok("issue", "show", "morning-1")
    assert shown["subject"] == "Morning Brief #1: Harbour line"
    assert shown["recipients"] == 2 and shown["started_at"] and shown["finished_at"]
    listed = ok("issue", "list", "morning")
    assert [i["id"] for i in listed] == ["morning-1"]


def test_people_read_counts_and_dates_in_one_format_never_python_structures(standin: StandIn) -> None:
    store = Runtime.from_env().store
    make_issue(store, 3)
    sent = succeeds("issue", "send", "morning", "--inline")
    shown = succeeds("issue", "show", "morning-1")
    for printed in (sent, shown):
        assert not re.search(r"[{}]|'\w+':", printed), printed
        assert not re.search(r"\d\d:\d\d:\d\d", printed), printed  # no ISO timestamps beside our format
    assert re.search(r"sent\s*│?\s*3\b", sent), sent
    assert len(re.findall(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", shown)) == 3, shown  # created, started, finished
