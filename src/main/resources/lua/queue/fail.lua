--[[
Fails an active job when the lease is the holder's and has not expired: a retry through the delayed set
with exponential backoff and jitter while attempts remain (and ARGV[5] allows it), else failed. Either way a
grouped job's group has one running job fewer (see include/queue_groups).
KEYS: 1 job, 2 active, 3 delayed, 4 failed, 5 active per group, 6 maxed groups, 7 group names, 8 group ring,
9 sequence counter, 10 wake-up list
ARGV: 1 id, 2 lease, 3 now ms, 4 error, 5 retry (1/0), 6 jitter in [0,1), 7 failed retention ms,
8 most failed records kept, 9 job key prefix, 10 longest backoff ms, 11 wake-up list TTL ms
Returns: {-1} wrong or expired lease (nothing changed); {1, delay ms} retrying; {2, ran ms} failed.
]]
--- @include "include/queue_groups"
--- @include "include/queue_failed"
local fields = redis.call('HMGET', KEYS[1], 'state', 'lease', 'deadline', 'attempts', 'maxAttempts', 'backoffMs',
  'startedAt', 'group')
local now = tonumber(ARGV[3])
if fields[1] ~= 'active' or fields[2] ~= ARGV[2] or tonumber(fields[3]) < now then
  return {-1}
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[1], 'lease', 'deadline')
if fields[8] then
  releaseGroup({groupActive = KEYS[5], maxed = KEYS[6], names = KEYS[7], ring = KEYS[8], seq = KEYS[9],
    wake = KEYS[10], wakeTtl = ARGV[11]}, fields[8])
end
local attempts = tonumber(fields[4])
if ARGV[5] == '1' and attempts < tonumber(fields[5]) then
  -- equal jitter: half the exponential delay, plus a random part of the other half
  local delay = math.min(tonumber(fields[6]) * 2 ^ (attempts - 1), tonumber(ARGV[10]))
  delay = math.floor(delay / 2 + delay / 2 * tonumber(ARGV[6]))
  redis.call('HSET', KEYS[1], 'state', 'delayed', 'lastError', ARGV[4])
  redis.call('ZADD', KEYS[3], now + delay, ARGV[1])
  return {1, delay}
end
toFailed(KEYS[1], KEYS[4], ARGV[1], ARGV[4], now, ARGV[7], ARGV[8], ARGV[9])
return {2, now - tonumber(fields[7])}
