"""The per-feed backoff rules, as pure functions of (outcome, now)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digest.collect.backoff import PollPolicy, after_failure, after_success, is_due, max_age_seconds
from digest.models import Feed, FeedStatus

NOW = datetime(2025, 11, 10, 8, 0, tzinfo=UTC)


def test_it_waits_twice_as_long_after_each_failure_up_to_a_day() -> None:
    policy = PollPolicy(base_delay=60, max_delay=86400)
    waits = [after_failure(n, NOW, "x", policy=policy).next_poll_at for n in range(15)]
    deltas = [w - NOW for w in waits if w is not None]
    assert deltas[:3] == [timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]
    assert deltas[-1] == timedelta(days=1)


def test_it_is_failing_from_the_nth_failure_and_ok_again_after_a_success() -> None:
    policy = PollPolicy(failing_after=3)
    assert after_failure(1, NOW, "x", policy=policy).status is FeedStatus.OK
    assert after_failure(2, NOW, "x", policy=policy).status is FeedStatus.FAILING
    assert after_success(NOW).status is FeedStatus.OK and after_success(NOW).failures == 0


def test_retry_after_wins_when_it_asks_for_longer_but_never_beyond_the_cap() -> None:
    state = after_failure(0, NOW, "busy", status=503, retry_after=3600)
    assert state.next_poll_at == NOW + timedelta(hours=1)
    capped = after_failure(0, NOW, "busy", status=429, retry_after=10**9)
    assert capped.next_poll_at == NOW + timedelta(days=1)


def test_gone_disables_with_the_reason() -> None:
    state = after_failure(0, NOW, "http://x.test/feed: HTTP 410", status=410)
    assert state.status is FeedStatus.DISABLED and "gone" in state.reason


def test_the_next_poll_comes_after_the_feeds_interval_or_later_when_max_age_asks() -> None:
    policy = PollPolicy(every=300)
    assert after_success(NOW, "", policy).next_poll_at == NOW + timedelta(minutes=5)
    assert after_success(NOW, "public, max-age=600", policy).next_poll_at == NOW + timedelta(minutes=10)
    assert after_success(NOW, "max-age=999999", policy).next_poll_at == NOW + timedelta(hours=6)
    assert after_success(NOW, "no-cache", policy).next_poll_at == NOW + timedelta(minutes=5)
    # A feed's own interval replaces the usual one.
    assert after_success(NOW, "", policy, every=3600).next_poll_at == NOW + timedelta(hours=1)
    assert max_age_seconds('s-maxage=1, max-age="30"') == 30


def test_a_feed_is_due_unless_disabled_or_backing_off() -> None:
    feed = Feed(id="f", url="http://x.test/feed")
    assert is_due(feed, NOW)
    assert not is_due(Feed(id="f", url="u", next_poll_at=NOW + timedelta(seconds=1)), NOW)
    assert not is_due(Feed(id="f", url="u", status=FeedStatus.DISABLED), NOW)
