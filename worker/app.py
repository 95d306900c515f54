"""The Celery app of the workers and beat, and the one Runtime of each worker process.

The app is configured by digest.runtime.celery_config, the one description of broker, RedBeat and
acknowledgements, which the CLI's client applies too. The process's Runtime lives here, beside the app,
because the tasks and the heartbeat both use it and neither should import the other.
"""

from __future__ import annotations

import gc
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_init

from digest.config import Settings, load_settings
from digest.runtime import Runtime, celery_config
from digest.store.client import STORE_ERRORS
from digest.store.connection import unusable

# What RedBeat and kombu build from the configuration and keep on the app.
_CACHED = ("redbeat_conf", "redbeat_redis", "redbeat_sentinel")
_runtime: Runtime | None = None


class StoreUnreachable(Exception):
    """A task found the data store out of reach; its message is the one line the CLI would print."""


class DigestTask(Task):  # type: ignore[misc]  # Celery's Task is untyped
    """Every task of the app. A store out of reach is the outage's, not the task's: it is logged as
    one expected line (Celery's `throws`), the line `digest` prints for it, not a traceback per task,
    which with beat queueing polls every minute would bury the log. Anything else keeps its traceback."""

    throws = (StoreUnreachable,)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except STORE_ERRORS as exc:
            line = unusable(exc, load_settings())  # the process's settings: the env it started with
            if line is None:
                raise
            raise StoreUnreachable(line) from None


def configure(app: Celery, settings: Settings) -> Celery:
    """Apply settings to the app; callable again in one process when the settings change (tests queue
    on the worker's app under their own key prefix), dropping connections built from the previous ones."""
    app.conf.update(celery_config(settings))
    for name in _CACHED:
        if name in vars(app):
            delattr(app, name)
    app._pool = None
    app.amqp._producer_pool = None
    return app


app = configure(Celery("digest", include=["worker.tasks"], task_cls=DigestTask), load_settings())


def _freeze_startup_objects(**_: Any) -> None:
    """Everything alive when a pool process starts (Celery, kombu, our modules: a hundred thousand
    objects) lives as long as the process, yet each full collection walked them all again: a send
    allocates enough per chunk to trigger one every few chunks, about a sixth of a chunk's CPU.
    Frozen, they are left out of every collection; what a task allocates is collected as before."""
    gc.freeze()


worker_process_init.connect(_freeze_startup_objects, weak=False)


def runtime() -> Runtime:
    """One Runtime per worker process, built on first use (after the fork, so connections are not shared)."""
    global _runtime
    if _runtime is None:
        _runtime = Runtime.from_env()
    return _runtime
