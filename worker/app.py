"""The Celery app of the workers and beat: configured from settings by digest.runtime.celery_config (the
one description of broker, RedBeat and acknowledgements, which the CLI's client applies too)."""

from __future__ import annotations

from celery import Celery

from digest.config import Settings, load_settings
from digest.runtime import celery_config

# What RedBeat and kombu build from the configuration and keep on the app.
_CACHED = ("redbeat_conf", "redbeat_redis", "redbeat_sentinel")


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


app = configure(Celery("digest", include=["worker.tasks"]), load_settings())
