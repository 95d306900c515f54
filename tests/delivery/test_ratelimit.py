"""The sending rate is one budget per provider account, shared by every worker through Redis."""

from __future__ import annotations

import pytest

from digest.delivery.ratelimit import SharedRateLimiter, Unlimited, account_id
from digest.store import Store
from digest.store.ratelimit import TokenBucket


def test_a_batch_within_the_burst_goes_at_once_and_the_next_waits_for_the_debt(bare_store: Store) -> None:
    bucket = TokenBucket(bare_store.redis, bare_store.keys, "sendgrid.a", rate=100, burst=100)
    assert bucket.reserve(100) == 0
    assert bucket.reserve(1000) == pytest.approx(0.0, abs=0.05)  # nothing owed yet: it goes, into debt
    assert bucket.reserve(10) == pytest.approx(10.0, abs=0.1)  # the debt of 1000 at 100/s


def test_two_workers_share_one_bucket(bare_store: Store) -> None:
    first = TokenBucket(bare_store.redis, bare_store.keys, "sendgrid.a", rate=50, burst=50)
    second = TokenBucket(bare_store.redis, bare_store.keys, "sendgrid.a", rate=50, burst=50)
    other_account = TokenBucket(bare_store.redis, bare_store.keys, "sendgrid.b", rate=50, burst=50)
    assert first.reserve(100) == 0
    assert second.reserve(1) == pytest.approx(1.0, abs=0.05)
    assert other_account.reserve(1) == 0


def test_the_limiter_sleeps_the_wait_the_bucket_hands_back(bare_store: Store) -> None:
    slept: list[float] = []
    limiter = SharedRateLimiter(
        TokenBucket(bare_store.redis, bare_store.keys, "smtp.x", rate=10, burst=10), sleep=slept.append
    )
    limiter.acquire(20)
    limiter.acquire(5)
    assert slept == [pytest.approx(1.0, abs=0.05)]
    assert Unlimited().acquire(10**6) == 0


def test_accounts_are_named_without_their_secret() -> None:
    name = account_id("sendgrid", "SG.secret-key")
    assert name.startswith("sendgrid.") and "secret" not in name
    assert name != account_id("sendgrid", "SG.other-key")
