"""The sending rate of one provider account, enforced across every worker.

A chunk reserves its messages from a shared bucket (digest.store.ratelimit) before it claims its
recipients, and sleeps for the wait the bucket hands back: so no recipient sits `sending` while
its worker waits for the rate.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Protocol


class Bucket(Protocol):
    def reserve(self, count: int) -> float: ...


class RateLimiter(Protocol):
    def acquire(self, count: int) -> float:
        """Block until `count` messages may go; returns the seconds waited."""
        ...


class Unlimited:
    def acquire(self, count: int) -> float:
        return 0.0


class SharedRateLimiter:
    def __init__(self, bucket: Bucket, sleep: Callable[[float], None] = time.sleep) -> None:
        self._bucket = bucket
        self._sleep = sleep

    def acquire(self, count: int) -> float:
        if count <= 0:
            return 0.0
        wait = self._bucket.reserve(count)
        if wait > 0:
            self._sleep(wait)
        return wait


def account_id(backend: str, credential: str) -> str:
    """Name a provider account without putting its secret in a Redis key: two keys, two buckets."""
    return f"{backend}.{hashlib.sha256(credential.encode()).hexdigest()[:12]}"
