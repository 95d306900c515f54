"""Leases: a key that one live process holds while its work runs, renewed by a heartbeat, so a process
killed mid-way (kill -9, a lost machine) lets go by itself when its lease runs out, and whoever comes
next can tell a live holder from a dead one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import redis

from digest.store.client import Client

log = logging.getLogger(__name__)

# Only the holder may renew, settle or release: a holder that stalled past its lease must not take
# back, or delete, what another process has taken since.
_RENEW = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"
)
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
_SETTLE = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end return 0"
)


class Lease:
    def __init__(self, client: Client, key: str, holder: str, seconds: float) -> None:
        self._r: Any = client
        self.key = key
        self.holder = holder
        self.seconds = seconds

    def take(self) -> bool:
        return bool(self._r.set(self.key, self.holder, nx=True, px=self._ms))

    def renew(self) -> bool:
        return bool(self._r.eval(_RENEW, 1, self.key, self.holder, self._ms))

    def release(self) -> None:
        self._r.eval(_RELEASE, 1, self.key, self.holder)

    def settle(self, value: str, seconds: int) -> bool:
        """Replace the lease by a lasting mark (the work is done), if it is still ours."""
        return bool(self._r.eval(_SETTLE, 1, self.key, self.holder, value, seconds))

    @contextmanager
    def kept_alive(self) -> Iterator[None]:
        """Renew the lease every third of its length while the block runs."""
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(self.seconds / 3):
                try:
                    if not self.renew():
                        log.warning("lease %s was lost: another process may take over", self.key)
                        return
                except redis.RedisError as exc:  # Redis restarting: try again at the next beat
                    log.warning("lease %s not renewed: %s", self.key, exc)

        thread = threading.Thread(target=beat, name=f"lease {self.key}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=5)

    @property
    def _ms(self) -> int:
        return max(1, int(self.seconds * 1000))
