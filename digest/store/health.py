"""Liveness of the workers, as seen through Redis (for GET /healthz)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import redis

from digest.keys import Keys
from digest.store.codec import dt, ts


class HealthStore:
    def __init__(self, client: redis.Redis, keys: Keys) -> None:
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
