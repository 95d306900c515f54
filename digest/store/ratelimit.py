"""A token bucket in Redis, shared by every worker that sends through one provider account.

Celery's own rate_limit is per worker process; a provider's limit is per account, so the bucket lives
where all workers see it. The clock is the Redis server's (TIME), so workers on machines whose clocks
disagree still share one rate.
"""

from __future__ import annotations

from typing import Any

from digest.store.client import Client
from digest.store.keys import Keys

# Take n tokens, going into debt if need be: the caller waits until the debt it found is paid off.
# Waiting on the debt found (not the one left) lets a batch larger than the burst go out at all,
# while the long-run rate stays `rate`.
_RESERVE = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, burst, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or burst)
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or now)
local found = math.min(burst, tokens + math.max(0, now - at) * rate)
local left = found - n
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', left), 'at', string.format('%.6f', now))
redis.call('EXPIRE', KEYS[1], math.ceil((burst - left) / rate) + 60)
if found >= 0 then return '0' end
return string.format('%.6f', -found / rate)
"""


class TokenBucket:
    def __init__(self, client: Client, keys: Keys, account: str, rate: float, burst: float) -> None:
        if rate <= 0 or burst <= 0:
            raise ValueError("a token bucket needs a positive rate and burst")
        self._key = keys.rate_bucket(account)
        self._rate = rate
        self._burst = burst
        self._script: Any = client.register_script(_RESERVE)

    def reserve(self, count: int) -> float:
        """Take `count` tokens now; returns the seconds to wait before using them."""
        return float(self._script(keys=[self._key], args=[self._rate, self._burst, count]))
