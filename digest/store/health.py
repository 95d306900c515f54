"""Waiting out a Redis restart: a worker that lost Redis mid-chunk pauses until it answers again."""

from __future__ import annotations

import time

import redis


def wait_for_redis(client: redis.Redis, timeout: float, interval: float = 0.2) -> bool:
    """True once Redis answers a PING, False if it did not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if client.ping():
                return True
        except (redis.ConnectionError, redis.TimeoutError):
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
