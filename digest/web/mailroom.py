"""Sending off the request path: the form's answer must not wait for the mail provider.

A send takes a few hundred milliseconds and only happens for some addresses, so an answer that waited
for it would tell a stranger which addresses are known (a timing oracle). Each process keeps a few
threads (greenlets under gevent) that do the whole of a join request (record, then mail) after the
answer has gone. Their queue is bounded: a flood past it is dropped and logged, never held in memory.
The threads start on first use, so a process forked after the app was built gets threads of its own.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
import weakref
from collections.abc import Callable

from flask import Flask

log = logging.getLogger(__name__)
CAPACITY = 1000  # queued joins per process; the per-client rate limit keeps honest use far below it
SENDERS = 4  # threads per process: a provider answering in 200 ms still takes 20 confirmations a second
STOP_SECONDS = 10  # a process that stops first sends what its answers queued, for this long at most
_EXTENSION = "digest.mailroom"
_ROOMS: weakref.WeakSet[Mailroom] = weakref.WeakSet()  # every app's, so a stop can wait for them all


class Mailroom:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self._jobs: queue.Queue[Callable[[], object]] = queue.Queue(capacity)
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._pid = 0
        # Jobs queued and not yet done. A condition of our own rather than the queue's: under gevent
        # the queue is gevent's, which has no all_tasks_done to wait on.
        self._pending = 0
        self._idle = threading.Condition()
        _ROOMS.add(self)

    def submit(self, job: Callable[[], object]) -> bool:
        """Queue a job; False (and a warning in the log) when the queue is full."""
        self._ensure_thread()
        with self._idle:
            self._pending += 1
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            self._done()
            log.warning("confirmation queue full (%d): a join request was dropped", self._jobs.maxsize)
            return False
        return True

    def drain(self, timeout: float) -> bool:
        """Wait until every queued job has run; False if some are still waiting after `timeout` s."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _done(self) -> None:
        with self._idle:
            self._pending -= 1
            if not self._pending:
                self._idle.notify_all()

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._pid == os.getpid() and all(thread.is_alive() for thread in self._threads):
                return
            if self._pid != os.getpid():  # once per process (a forked worker too)
                atexit.register(self.drain, STOP_SECONDS)
            self._pid = os.getpid()
            self._threads = [
                threading.Thread(target=self._run, name=f"digest-mailroom-{n}", daemon=True)
                for n in range(SENDERS)
            ]
            for thread in self._threads:
                thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                job()
            except Exception:  # one failed send must not stop the ones behind it
                log.exception("a join request failed after its answer was sent")
            finally:
                self._done()


def drain_all(timeout: float) -> bool:
    """Wait for the jobs of every app of this process (a test's teardown before it deletes its keys);
    False if some are still waiting after `timeout` s each."""
    return all([room.drain(timeout) for room in list(_ROOMS)])


def install(app: Flask) -> Mailroom:
    room = app.extensions[_EXTENSION] = Mailroom()
    return room


def mailroom(app: Flask) -> Mailroom:
    room = app.extensions[_EXTENSION]
    assert isinstance(room, Mailroom)
    return room
