"""The client every repository is handed: one Redis, or a Redis Cluster (DIGEST_REDIS_CLUSTER_URL).

Both answer the same commands; a cluster refuses any command, pipeline transaction or script whose keys
fall in more than one hash slot, which is why keys written together share a hash tag (keys.py).
Every pipeline says `transaction=True` or `False`: a plain client's `pipeline()` is a MULTI/EXEC, a
cluster client's is not, so leaving it unsaid would make the same code atomic on one and not the other.
"""

from __future__ import annotations

from typing import TypeAlias

import redis
from redis.cluster import RedisCluster
from redis.exceptions import RedisClusterException

Client: TypeAlias = redis.Redis | RedisCluster

# What the store raises when Redis itself is the trouble (out of reach, refusing, a cluster down or
# a command across slots), never the data handed in: callers let these through to the one-line
# explanation (connection.unusable) rather than blame what they were working on. redis-py's cluster
# errors do not all derive from RedisError.
STORE_ERRORS: tuple[type[Exception], ...] = (redis.RedisError, RedisClusterException)
