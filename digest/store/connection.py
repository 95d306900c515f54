"""Where Redis is: the configured one, or the embedded one started on demand, and the Redis Cluster that
holds the data when one is configured; and what to tell a person when one cannot be used (the one place
that turns redis-py's errors into a line to act on)."""

from __future__ import annotations

from urllib.parse import urlsplit

import redis
from redis.cluster import RedisCluster

from digest.config import Settings
from digest.store import embedded
from digest.store.client import Client


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


def connect(settings: Settings) -> Client:
    """The data's client, with str responses; every module below is handed this rather than building
    its own. With DIGEST_REDIS_CLUSTER_URL it is a cluster client, which learns every node from the one
    named; the queue and RedBeat keep REDIS_URL (kombu has no cluster transport)."""
    if settings.redis_cluster_url:
        return cluster_client(settings.redis_cluster_url)
    return redis.Redis.from_url(redis_url(settings), decode_responses=True, health_check_interval=30)


def cluster_client(url: str) -> RedisCluster:
    # A cluster has only database 0: the URL's path (validated by the settings) is no option of it.
    node = urlsplit(url)._replace(path="").geturl()
    return RedisCluster.from_url(node, decode_responses=True, health_check_interval=30)


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


def _cluster_node(settings: Settings) -> str:
    parts = urlsplit(settings.redis_cluster_url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    return next((said for fragment, said in _REASONS if fragment in text), "no answer")


def _cluster_unusable(exc: BaseException, settings: Settings) -> str | None:
    """The line for a failure of the data's cluster; None when `exc` is no cluster's (REDIS_URL's)."""
    at = _cluster_node(settings)
    fix = (
        "check DIGEST_REDIS_CLUSTER_URL (any node of the cluster), or unset it to keep the data on REDIS_URL"
    )
    text = str(exc).lower()
    if "cluster mode is not enabled" in text:
        return (
            f"Redis at {at} is not a cluster node (cluster mode is off): point DIGEST_REDIS_CLUSTER_URL at "
            "a node of a Redis Cluster, or unset it to keep the data on REDIS_URL"
        )
    if isinstance(exc, redis.AuthenticationError) or "password" in text or "noauth" in text:
        return (
            f"the Redis Cluster at {at} refused the password: "
            "check the user and password in DIGEST_REDIS_CLUSTER_URL"
        )
    if isinstance(exc, redis.exceptions.ClusterDownError | redis.exceptions.SlotNotCoveredError):
        return (
            f"the Redis Cluster at {at} is down (not every slot is served): check `cluster info` on its nodes"
        )
    if isinstance(exc, redis.exceptions.RedisClusterException) and "cannot be connected" in text:
        return f"cannot reach the Redis Cluster at {at} ({_reason(exc)}): {fix}"
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError) and where(settings) not in str(exc):
        return f"cannot reach a node of the Redis Cluster at {at} ({_reason(exc)}): {fix}"
    return None


def unusable(exc: BaseException, settings: Settings) -> str | None:
    """One line saying why Redis cannot be used and what to do, when `exc` means that; else None."""
    if settings.redis_cluster_url and (line := _cluster_unusable(exc, settings)):
        return line
    at = where(settings)
    if isinstance(exc, redis.ResponseError) and "DB index is out of range" in str(exc):
        db = urlsplit(settings.redis_url).path.strip("/") or "0"
        return f"Redis at {at} has no database {db}: put one it has (0-15 by default) at the end of REDIS_URL"
    if isinstance(exc, redis.AuthenticationError):
        return f"Redis at {at} refused the password: check the user and password in REDIS_URL"
    if not isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return None
    reason = _reason(exc)
    if not settings.redis_url:
        return (
            f"cannot reach the embedded Redis at {at} ({reason}): run the command again to start it, "
            "or see `digest embedded status`"
        )
    return (
        f"cannot reach Redis at {at} ({reason}): is redis-server running? "
        "check REDIS_URL, or unset it to use the embedded one"
    )
