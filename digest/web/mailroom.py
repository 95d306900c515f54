"""Sending off the request path: the form's answer must not wait for the mail provider.

A send takes a few hundred milliseconds and only happens for some addresses, so an answer that waited
for it would tell a stranger which addresses are known (a timing oracle). Each process keeps one
thread that does the whole of a join request (record, then mail) after the answer has gone. Its queue
is bounded: a flood past it is dropped and logged, never held in memory. The thread starts on first
use, so a master that forks its workers after building the app hands each worker a thread of its own.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable

from flask import Flask

log = logging.getLogger(__name__)
CAPACITY = 1000  # queued joins per process; the per-client rate limit keeps honest use far below it
_EXTENSION = "digest.mailroom"


class Mailroom:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self._jobs: queue.Queue[Callable[[], object]] = queue.Queue(capacity)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, job: Callable[[], object]) -> bool:
        """Queue a job; False (and a warning in the log) when the queue is full."""
        self._ensure_thread()
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            log.warning("confirmation queue full (%d): a join request was dropped", self._jobs.maxsize)
            return False
        return True

    def drain(self, timeout: float) -> bool:
        """Wait until every queued job has run; False if some are still waiting after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._jobs.all_tasks_done:
            while self._jobs.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._jobs.all_tasks_done.wait(left)
        return True

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="digest-mailroom", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # one failed send must not stop the ones behind it
                log.exception("a join request failed after its answer was sent")
            finally:
                self._jobs.task_done()


def install(app: Flask) -> Mailroom:
    room = app.extensions[_EXTENSION] = Mailroom()
    return room


def mailroom(app: Flask) -> Mailroom:
    room = app.extensions[_EXTENSION]
    assert isinstance(room, Mailroom)
    return room
