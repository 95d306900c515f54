"""Liveness as seen through Redis: worker heartbeats (for GET /healthz), and waiting out a Redis
restart (a worker that lost Redis mid-chunk pauses until it answers again)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import redis

from digest.store.client import Client
from digest.store.codec import dt, ts
from digest.store.keys import Keys


class HealthStore:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def ping(self) -> bool:
        try:
            return bool(self._r.ping())
        except redis.RedisError:
            return False

    def beat(self, worker: str, now: datetime) -> None:
        self._r.hset(self._k.worker_heartbeat(), worker, ts(now))

    def freshest(self) -> datetime | None:
        """When the most recently seen worker last said it was alive."""
        seen = [moment for raw in self._r.hvals(self._k.worker_heartbeat()) if (moment := dt(raw))]
        return max(seen) if seen else None

    def queue_depth(self) -> int:
        """Tasks waiting in the default queue (only meaningful when the broker is this Redis)."""
        return int(self._r.llen(self._k.celery_queue()))


def wait_for_redis(client: Client, timeout: float, interval: float = 0.2) -> bool:
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
