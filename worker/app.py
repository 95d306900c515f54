"""The Celery app: broker from settings, RedBeat as beat scheduler, keys under the service's prefix."""

from __future__ import annotations

from celery import Celery

from digest.config import Settings, load_settings
from digest.store.connection import broker_url, redis_url
from digest.store.keys import Keys

POLL_CHECK_SECONDS = 60
# What RedBeat and kombu build from the configuration and keep on the app.
_CACHED = ("redbeat_conf", "redbeat_redis", "redbeat_sentinel")


def configure(app: Celery, settings: Settings) -> Celery:
    """Apply settings to the app; callable again in one process when the settings change (the CLI's
    tests run many configurations), dropping connections built from the previous ones."""
    keys = Keys(settings.key_prefix)
    app.conf.update(
        broker_url=broker_url(settings),
        # Deliveries are tracked in our own records; task results would only duplicate them.
        task_ignore_result=True,
        result_backend=None,
        # A chunk is acknowledged after it ran, and re-queued if its worker is killed mid-way:
        # the claim records then make the re-run safe.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # A task unacknowledged this long (its worker was killed) is handed to another worker; keep it
        # above the longest chunk, or a live chunk would run twice (its claims would then flag, not resend).
        broker_transport_options={
            "global_keyprefix": keys.celery_prefix(),
            "visibility_timeout": settings.broker_visibility_timeout,
        },
        broker_connection_retry_on_startup=True,
        beat_scheduler="redbeat.RedBeatScheduler",
        # Every minute beat asks which feeds are due (each after its own interval, DIGEST_POLL_INTERVAL
        # by default, or its backoff); each list also polls its feeds right before building.
        beat_schedule={"poll-feeds": {"task": "digest.poll_all", "schedule": POLL_CHECK_SECONDS}},
        redbeat_redis_url=redis_url(settings),
        redbeat_key_prefix=keys.redbeat_prefix(),
        # Said outright, so RedBeat does not borrow the broker's transport options (a key prefix and a
        # visibility timeout meant for kombu) for its own Redis client; redbeat 2.5 drops that fallback.
        redbeat_redis_options={},
        timezone="UTC",
        enable_utc=True,
        worker_hijack_root_logger=False,
    )
    for name in _CACHED:
        if name in vars(app):
            delattr(app, name)
    app._pool = None
    app.amqp._producer_pool = None
    return app


app = configure(Celery("digest", include=["worker.tasks"]), load_settings())
