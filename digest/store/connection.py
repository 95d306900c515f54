"""Where Redis is: the configured one, or the embedded one started on demand; and what to tell a person
when it cannot be used (the one place that turns redis-py's errors into a line to act on)."""

from __future__ import annotations

from urllib.parse import urlsplit

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


# Fragments of redis-py's (and the OS's) messages, and how a person would say them.
_REASONS = (
    ("refused", "connection refused"),
    ("name or service not known", "no such host"),
    ("nodename nor servname", "no such host"),
    ("temporary failure in name resolution", "no such host"),
    ("no such file", "no such file"),
    ("timeout", "timed out"),
    ("timed out", "timed out"),
    ("closed", "connection closed"),
    ("reset", "connection reset"),
)


def where(settings: Settings) -> str:
    """host:port, or the socket path, of the Redis the settings point at (without starting one)."""
    if not settings.redis_url:
        return str(embedded.locate(settings.data_dir).socket)
    parts = urlsplit(settings.redis_url)
    if parts.scheme == "unix":
        return parts.path
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"


def unusable(exc: BaseException, settings: Settings) -> str | None:
    """One line saying why Redis cannot be used and what to do, when `exc` means that; else None."""
    at = where(settings)
    if isinstance(exc, redis.ResponseError) and "DB index is out of range" in str(exc):
        db = urlsplit(settings.redis_url).path.strip("/") or "0"
        return f"Redis at {at} has no database {db}: put one it has (0-15 by default) at the end of REDIS_URL"
    if isinstance(exc, redis.AuthenticationError):
        return f"Redis at {at} refused the password: check the user and password in REDIS_URL"
    if not isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return None
    text = str(exc).lower()
    reason = next((said for fragment, said in _REASONS if fragment in text), "no answer")
    if not settings.redis_url:
        return (
            f"cannot reach the embedded Redis at {at} ({reason}): run the command again to start it, "
            "or see `digest embedded status`"
        )
    return (
        f"cannot reach Redis at {at} ({reason}): is redis-server running? "
        "check REDIS_URL, or unset it to use the embedded one"
    )
