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

Client: TypeAlias = redis.Redis | RedisCluster
