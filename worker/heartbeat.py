"""Each worker writes when it was last alive into Redis, so GET /healthz can tell a stalled fleet."""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from celery.signals import worker_ready, worker_shutdown

from digest.runtime import utcnow
from worker.app import runtime  # the worker process's own, which its tasks use too

INTERVAL_SECONDS = 10.0
_stop = threading.Event()


def _loop() -> None:
    name = socket.gethostname()
    while not _stop.is_set():
        with contextlib.suppress(Exception):  # a missed beat must never take the worker down
            runtime().store.health.beat(name, utcnow())
        _stop.wait(INTERVAL_SECONDS)


@worker_ready.connect
def _start(**_: Any) -> None:
    _stop.clear()
    threading.Thread(target=_loop, name="digest-heartbeat", daemon=True).start()


@worker_shutdown.connect
def _end(**_: Any) -> None:
    _stop.set()
