"""Fixed-window request counters, for the public forms' per-client rate limit, and cool-downs."""

from __future__ import annotations

import time
from typing import Any

from digest.store.client import Client
from digest.store.keys import Keys


class Throttle:
    def __init__(self, client: Client, keys: Keys) -> None:
        self._r: Any = client
        self._k = keys

    def allow(
        self, name: str, who: str, *, limit: int, window_seconds: int, now: float | None = None
    ) -> bool:
        """Count this request; False once `who` has made `limit` requests in the current window."""
        window = int((now if now is not None else time.time()) // window_seconds)
        key = self._k.throttle(name, who, window)
        pipe = self._r.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window_seconds * 2)
        count, _ = pipe.execute()
        return int(count) <= limit

    def first_in(self, name: str, who: str, seconds: int) -> bool:
        """True for the first call in `seconds` (and then not until they have passed): at most one
        confirmation email per address a while, however often a form is posted for it."""
        return bool(self._r.set(self._k.cooldown(name, who), "1", nx=True, ex=seconds))

    def release(self, name: str, who: str) -> None:
        """Ends a cool-down early: the thing it counted did not happen after all (a send failed)."""
        self._r.delete(self._k.cooldown(name, who))
