"""Where Redis is: the configured one, or the embedded one started on demand."""

from __future__ import annotations

import redis

from digest.config import Settings
from digest.store import embedded


def redis_url(settings: Settings) -> str:
    if settings.redis_url:
        return settings.redis_url
    return embedded.ensure_running(settings.data_dir).url


def broker_url(settings: Settings) -> str:
    if settings.broker_url:
        return settings.broker_url
    # kombu spells a unix socket `redis+socket://`, where redis-py (and REDIS_URL) say `unix://`.
    return _kombu_spelling(redis_url(settings))


def _kombu_spelling(url: str) -> str:
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


def connect(settings: Settings) -> redis.Redis:
    """A client with str responses; every module below is handed this rather than building its own."""
    return redis.Redis.from_url(redis_url(settings), decode_responses=True, health_check_interval=30)
