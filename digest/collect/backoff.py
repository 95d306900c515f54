"""Pure: when a feed may be polled again, and whether it is failing, from the outcome of its last poll.

Politeness is per feed: a 429 or 503 from one site, or a site that keeps failing, slows that feed
only. Time is a parameter; nothing here reads a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from digest.models import Feed, FeedStatus

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class PollPolicy:
    base_delay: float = 300.0  # after the first failure; doubled after each further one
    max_delay: float = 86400.0  # never wait longer than a day between tries
    failing_after: int = 3  # consecutive failures before `digest feeds list` shows it failing
    max_cache_seconds: float = 6 * 3600.0  # a max-age beyond this is capped: news must still arrive
    every: float = 900.0  # the usual time between polls (DIGEST_POLL_INTERVAL); a feed may set its own


@dataclass(frozen=True)
class PollState:
    status: FeedStatus
    failures: int
    next_poll_at: datetime | None
    reason: str = ""


def max_age_seconds(cache_control: str) -> float | None:
    if "no-store" in cache_control.lower() or "no-cache" in cache_control.lower():
        return None
    found = _MAX_AGE.search(cache_control)
    return float(found.group(1)) if found else None


def after_success(
    now: datetime, cache_control: str = "", policy: PollPolicy | None = None, *, every: float = 0.0
) -> PollState:
    """A good poll (200 or 304) clears the failures. The next one comes after the feed's own interval
    (`every`, else the policy's), or later when Cache-Control max-age asks for it."""
    policy = policy or PollPolicy()
    age = max_age_seconds(cache_control)
    wait = max(min(age, policy.max_cache_seconds) if age else 0.0, every or policy.every)
    return PollState(FeedStatus.OK, 0, now + timedelta(seconds=wait) if wait else None)


def after_failure(
    failures_before: int,
    now: datetime,
    reason: str,
    *,
    status: int = 0,
    retry_after: float | None = None,
    policy: PollPolicy | None = None,
) -> PollState:
    """Exponential backoff; the server's Retry-After wins when it asks for longer; 410 disables."""
    policy = policy or PollPolicy()
    if status == 410:
        return PollState(FeedStatus.DISABLED, failures_before + 1, None, f"{reason} (gone: feed disabled)")
    failures = failures_before + 1
    wait = min(policy.max_delay, policy.base_delay * 2 ** (failures - 1))
    if retry_after is not None:
        wait = max(wait, min(retry_after, policy.max_delay))
    flag = FeedStatus.FAILING if failures >= policy.failing_after else FeedStatus.OK
    return PollState(flag, failures, now + timedelta(seconds=wait), reason)


def is_due(feed: Feed, now: datetime) -> bool:
    """Whether a scheduled poll should fetch this feed now (an operator's --force skips this check)."""
    if feed.status is FeedStatus.DISABLED:
        return False
    return feed.next_poll_at is None or feed.next_poll_at <= now


def is_backing_off(feed: Feed, now: datetime) -> bool:
    """Waiting after failures (errors, 429/503): even an operator's poll leaves it alone unless forced.
    A healthy feed that is merely not due (its interval, Cache-Control) is not backing off."""
    return feed.error_count > 0 and feed.next_poll_at is not None and feed.next_poll_at > now
