"""Every inline send from the CLI keeps the account's shared rate (DIGEST_SEND_RATE), as the workers do.

Observed in Redis rather than on the clock: the rate is one token bucket per provider account, so a send
that honours it leaves the bucket short of exactly one token per message it sent.
"""

from __future__ import annotations

import pytest

from digest.delivery.ratelimit import account_id
from digest.runtime import Runtime
from tests.support.cli import ok, succeeds
from tests.support.issues import make_issue

RATE = 1000  # messages/s: a budget these sends spend from but never wait for


@pytest.fixture
def paced(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Runtime:
    monkeypatch.setenv("DIGEST_SEND_RATE", str(RATE))
    return Runtime.from_env()


def tokens_left(rt: Runtime) -> float | None:
    """What the outbox account's bucket holds; None while nobody has drawn from it."""
    account = account_id("outbox", str(rt.settings.outbox_dir))
    found = rt.store.redis.hget(rt.store.keys.rate_bucket(account), "tokens")
    return None if found is None else float(found)


def test_issue_send_inline_draws_each_message_from_the_shared_rate(paced: Runtime) -> None:
    make_issue(paced.store, 2)
    assert tokens_left(paced) is None
    sent = ok("issue", "send", "morning", "--inline")
    assert sent["counts"]["sent"] == 2
    assert tokens_left(paced) == RATE - 2


def test_schedule_run_now_inline_draws_each_message_from_the_shared_rate(
    paced: Runtime, morning: str, sample_feed_url: str
) -> None:
    for person in ("ada@example.com", "grace@example.org"):
        succeeds("subscribers", "add", morning, person)
    succeeds("feeds", "add", morning, sample_feed_url)
    succeeds("schedule", "set", morning, "daily 07:00")
    assert tokens_left(paced) is None
    built = ok("schedule", "run-now", morning, "--inline")
    assert built["issues"] == ["morning-1"]
    assert ok("issue", "status", "morning-1")["counts"]["sent"] == 2
    assert tokens_left(paced) == RATE - 2
