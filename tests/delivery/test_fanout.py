"""Fan-out through the store and the SendGrid transport to the stand-in, in one process: every active
subscriber once, outcomes visible in Redis, and each of SendGrid's answers leaving the right trace."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from digest.config import SendGridOptions
from digest.delivery.control import pause_issue, resume_issue
from digest.delivery.fanout import (
    Sender,
    Suppressed,
    deliver_ids,
    resend_unconfirmed,
)
from digest.delivery.ratelimit import SharedRateLimiter, Unlimited
from digest.models import DeliveryState, IssueStatus, SubscriberStatus, SuppressionReason
from digest.runtime import Runtime, utcnow
from digest.store import Store
from digest.store.ratelimit import TokenBucket
from digest.transports.sendgrid.transport import RetryPolicy, SendGridTransport
from tests.support.issues import NOW, address, make_issue, send_inline
from tests.support.sendgrid_standin import API_KEY, StandIn

pytestmark = pytest.mark.also_on_cluster  # the data on the plain Redis, then on a cluster


def sendgrid(url: str, *, timeout: float = 5, key: str = API_KEY) -> SendGridTransport:
    return SendGridTransport(
        key,
        host=url,
        options=SendGridOptions(timeout=timeout),
        policy=RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02, max_rate_wait=0.05),
        sleep=lambda seconds: None,
    )


def send(runtime: Runtime, url: str, *, key: str = API_KEY, suppressed: Suppressed | None = None) -> None:
    transport = sendgrid(url, key=key)
    send_inline(runtime.store, transport, runtime.links, "morning", 1, utcnow, suppressed=suppressed)


def state(store: Store, n: int) -> DeliveryState | None:
    record = store.issues.delivery("morning", 1, str(n + 1))  # subscriber ids count from 1
    return None if record is None else record.state


def test_every_active_subscriber_gets_the_issue_exactly_once_even_when_sent_twice(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    make_issue(runtime.store, 2500)
    send(runtime, url)
    send(runtime, url)  # a repeated send (a retried task) finds everyone settled
    assert server.requests == 3  # chunks of 1000, 1000 and 500
    assert len(server.counts) == 2500 and set(server.counts.values()) == {1}
    store = runtime.store
    assert store.issues.counts("morning", 1) == {"sent": 2500, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert store.issues.get("morning", 1).status is IssueStatus.SENT
    record = store.issues.delivery("morning", 1, "1")
    assert record is not None and len(record.detail) > 10  # the request's X-Message-Id


def test_it_skips_who_left_after_the_snapshot_who_is_suppressed_and_who_is_on_a_break(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    store = runtime.store
    make_issue(store, 5)
    store.issues.snapshot_recipients("morning", 1, NOW)
    store.subscribers.set_status("morning", "2", SubscriberStatus.UNSUBSCRIBED, NOW)
    store.suppression.add(
        address(3), SuppressionReason.COMPLAINED, NOW
    )  # the global set, whatever the list says
    store.pauses.pause("morning", "1", utcnow() + timedelta(days=14))

    send(runtime, url)
    assert sorted(server.counts) == [address(n) for n in (2, 4)]
    assert store.issues.counts("morning", 1)["skipped"] == 3
    assert store.issues.delivery("morning", 1, "1").detail.startswith("on a break until")  # type: ignore[union-attr]
    assert store.issues.delivery("morning", 1, "2").detail == "not active (unsubscribed)"  # type: ignore[union-attr]
    assert store.issues.delivery("morning", 1, "4").detail == "suppressed"  # type: ignore[union-attr]


def test_429_then_202_delivers_everything_once(runtime: Runtime, standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.plan.extend(["429", "429", "429"])
    make_issue(runtime.store, 1500)
    send(runtime, url)
    assert server.statuses[429] == 3
    assert len(server.counts) == 1500 and set(server.counts.values()) == {1}
    assert runtime.store.issues.counts("morning", 1)["sent"] == 1500


def test_a_500_storm_ends_in_failed_records_with_the_reason_after_bounded_retries(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    server.always = "500"
    make_issue(runtime.store, 10)
    send(runtime, url)
    store = runtime.store
    assert server.requests == 3  # the policy's three tries, then it gives up
    assert store.issues.counts("morning", 1)["failed"] == 10
    assert store.issues.errors("morning", 1) == {"SendGrid 500 after 3 tries: internal error": 10}
    # A later pass retries the failed ones, and the reasons leave with them.
    server.always = ""
    send(runtime, url)
    assert store.issues.counts("morning", 1) == {"sent": 10, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert store.issues.errors("morning", 1) == {}


def test_a_400_is_recorded_on_the_recipient_it_names(runtime: Runtime, standin: tuple[StandIn, str]) -> None:
    server, url = standin
    server.reject[address(4)] = "Does not contain a valid address."
    make_issue(runtime.store, 8)
    send(runtime, url)
    store = runtime.store
    assert store.issues.counts("morning", 1)["sent"] == 7
    assert state(store, 4) is DeliveryState.FAILED
    assert list(store.issues.errors("morning", 1)) == [
        "SendGrid 400: personalizations.4.to.0.email: Does not contain a valid address."
    ]


def test_a_refused_key_pauses_the_issue_with_the_reason_and_resume_finishes_it(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    make_issue(runtime.store, 1500)
    store = runtime.store
    send(runtime, url, key="SG.wrong")
    status, reason = store.issues.status("morning", 1)
    assert status is IssueStatus.PAUSED
    assert "SendGrid refused the API key (401" in reason and "SENDGRID_API_KEY" in reason
    assert server.requests == 1  # no retry storm: the other chunks never called
    assert store.issues.counts("morning", 1)["failed"] == 1000
    resume_issue(store, "morning", 1, NOW)
    send(runtime, url)
    assert store.issues.counts("morning", 1) == {"sent": 1500, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert set(server.counts.values()) == {1} and store.issues.get("morning", 1).status is IssueStatus.SENT


def test_a_pause_takes_effect_at_the_next_batch(runtime: Runtime, standin: tuple[StandIn, str]) -> None:
    server, url = standin
    store = runtime.store
    make_issue(store, 2001)
    server.after_accept = lambda: pause_issue(store, "morning", 1)
    send(runtime, url)
    assert server.requests == 1
    assert store.issues.counts("morning", 1)["sent"] == 1000
    assert store.issues.get("morning", 1).status is IssueStatus.PAUSED


def test_an_unanswered_request_is_flagged_unconfirmed_and_resent_only_on_request(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    server.plan.append("hang")
    server.hang_seconds = 1.0
    store = runtime.store
    make_issue(store, 3)
    send_inline(store, sendgrid(url, timeout=0.3), runtime.links, "morning", 1, utcnow)
    assert store.issues.counts("morning", 1)["unconfirmed"] == 3
    assert store.issues.unconfirmed_ids("morning", 1) == ["1", "2", "3"]
    deadline = time.monotonic() + 5
    while server.messages < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the stand-in answers the hung request late, as a slow provider would
    send(runtime, url)  # an ordinary pass leaves them alone: they may have been delivered
    assert server.messages == 3
    report = resend_unconfirmed(
        Sender(store, sendgrid(url), runtime.links, utcnow, Unlimited()), "morning", 1
    )
    assert report.sent == 3
    assert store.issues.counts("morning", 1) == {"sent": 3, "failed": 0, "unconfirmed": 0, "skipped": 0}
    assert store.issues.unconfirmed_ids("morning", 1) == []


def test_a_chunk_redelivered_after_its_worker_died_flags_what_was_in_flight(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    store = runtime.store
    make_issue(store, 4)
    store.issues.snapshot_recipients("morning", 1, NOW)
    # The dead worker's claim: recipients 1 and 2 were `sending` under task "t-1" when it was killed.
    store.issues.claim("morning", 1, ["1", "2"], NOW, owner="t-1")
    sender = Sender(store, sendgrid(url), runtime.links, utcnow, Unlimited())
    report = deliver_ids(sender, "morning", 1, store.issues.recipient_ids("morning", 1, 0, 3), owner="t-1")
    assert (report.unconfirmed, report.sent) == (2, 2)
    assert sorted(server.counts) == [address(2), address(3)]
    assert store.issues.get("morning", 1).status is IssueStatus.SENT


def test_the_shared_rate_limit_is_waited_for_before_each_batch_is_claimed(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    store = runtime.store
    make_issue(store, 2500)
    waits: list[float] = []
    # 10 messages/s: the real second or so this test takes barely moves the bucket, while the
    # waits it hands out (never slept here) are long.
    bucket = TokenBucket(store.redis, store.keys, "sendgrid.test", rate=10, burst=10)
    limiter = SharedRateLimiter(bucket, sleep=waits.append)
    send_inline(store, sendgrid(url), runtime.links, "morning", 1, utcnow, limiter=limiter)
    # The first 1000 go at once (the bucket had tokens); each next batch waits out the debt before it.
    assert waits == [pytest.approx(99, abs=1.5), pytest.approx(199, abs=1.5)]
    assert server.messages == 2500


def test_a_name_stored_before_names_were_capped_is_sent_capped(
    runtime: Runtime, standin: tuple[StandIn, str]
) -> None:
    server, url = standin
    make_issue(runtime.store, 1)
    runtime.store.subscribers.rename(
        "1", "Ada\x1b[2J\r\nBcc: x@example.com " + "x" * 300_000
    )  # older forms let it in
    send(runtime, url)
    assert server.times(address(0)) == 1
    (personalization,) = server.bodies[0]["personalizations"]
    name = personalization["to"][0]["name"]
    assert name.startswith("Ada[2J Bcc: x@example.com x") and len(name) == 100
