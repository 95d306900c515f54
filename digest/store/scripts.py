"""Lua scripts of the subscription store: each runs atomically in Redis, over one list's keys only.

They live apart from the repository so the rules they encode can be read in one place.
"""

from __future__ import annotations

# Change subscription statuses and keep the active index and the per-status counters in step.
# KEYS: subs hash, active zset, counts hash.
# ARGV: mode, dry ("1" reads only), since, score, then (id, status) pairs.
# Modes: `set` writes whatever was there; `add` writes only where the id is not on the list yet
# (an import never changes someone's standing); `resubscribe` is `add` that also re-activates an
# `unsubscribed` id; `remove` deletes the subscription. Returns "outcome|previous status" per pair.
# The counters are rebuilt from the subscriptions when missing (data written before they existed).
STATUS = """
local mode, dry, since, score = ARGV[1], ARGV[2] == '1', ARGV[3], ARGV[4]
if not dry and redis.call('EXISTS', KEYS[3]) == 0 then
  for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
    redis.call('HINCRBY', KEYS[3], string.match(v, '^[^|]*'), 1)
  end
end
local out = {}
for i = 5, #ARGV, 2 do
  local id, status = ARGV[i], ARGV[i + 1]
  local cur = redis.call('HGET', KEYS[1], id)
  local old = cur and string.match(cur, '^[^|]*') or ''
  local outcome
  if mode == 'remove' then
    outcome = (old == '') and 'absent' or 'removed'
    if old ~= '' and not dry then
      redis.call('HDEL', KEYS[1], id)
      redis.call('ZREM', KEYS[2], id)
      redis.call('HINCRBY', KEYS[3], old, -1)
    end
  else
    if old == '' then outcome = 'added'
    elseif old == status then outcome = 'unchanged'
    elseif mode == 'set' or (mode == 'resubscribe' and old == 'unsubscribed') then outcome = 'changed'
    else outcome = 'kept' end
    if (outcome == 'added' or outcome == 'changed') and not dry then
      redis.call('HSET', KEYS[1], id, status .. '|' .. since)
      if old ~= '' then redis.call('HINCRBY', KEYS[3], old, -1) end
      redis.call('HINCRBY', KEYS[3], status, 1)
      if status == 'active' then
        redis.call('ZADD', KEYS[2], 'NX', score, id)
      else
        redis.call('ZREM', KEYS[2], id)
      end
    end
  end
  out[#out + 1] = outcome .. '|' .. old
end
return out
"""

# First sight of each address in one import run. KEYS: the run's seen hash. ARGV: ttl, then
# (address, row) pairs. Returns 0 for a first sight, else the row where the address came first.
SEEN = """
local out = {}
for i = 2, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    out[#out + 1] = 0
  else
    out[#out + 1] = tonumber(redis.call('HGET', KEYS[1], ARGV[i]))
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return out
"""

# Index new addresses. KEYS: the address -> id hash. ARGV: (address, proposed id) pairs. An address
# indexed meanwhile by another process keeps its id. Returns the id each address has now.
INDEX = """
local out = {}
for i = 1, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    out[#out + 1] = ARGV[i + 1]
  else
    out[#out + 1] = redis.call('HGET', KEYS[1], ARGV[i])
  end
end
return out
"""
