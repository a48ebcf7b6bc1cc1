--[[
Run by one replica at a time (under the queue's reaper lock): active jobs whose deadline passed (their
worker died or vanished) go back to waiting, or to failed once their attempts are used up; due delayed
jobs go to waiting. The attempt was counted when the job was taken.
KEYS: 1 waiting, 2 delayed, 3 active, 4 sequence counter, 5 wake-up list, 6 failed
ARGV: 1 job key prefix, 2 now ms, 3 most jobs per run, 4 failed retention ms, 5 most failed kept,
6 wake-up list TTL ms
Returns: {returned to waiting, failed, promoted}
]]
local prefix, now, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
--- @include "include/queue_failed"
local function toWaiting(job, id)
  local priority = tonumber(redis.call('HGET', job, 'priority') or '0')
  local seq = redis.call('INCR', KEYS[4])
  redis.call('ZADD', KEYS[1], string.format('%.0f', -priority * 1099511627776 + seq), id)
  redis.call('HSET', job, 'state', 'waiting')
end
local returned, failed, promoted = 0, 0, 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. now, 'LIMIT', 0, max)) do
  redis.call('ZREM', KEYS[3], id)
  local job = prefix .. id
  local fields = redis.call('HMGET', job, 'attempts', 'maxAttempts')
  if fields[1] then
    redis.call('HDEL', job, 'lease', 'deadline')
    local err = 'lease expired: the worker did not ack in time (attempt ' .. fields[1] .. ')'
    if tonumber(fields[1]) >= tonumber(fields[2]) then
      toFailed(job, KEYS[6], id, err, now, ARGV[4], ARGV[5], prefix)
      failed = failed + 1
    else
      redis.call('HSET', job, 'lastError', err)
      toWaiting(job, id)
      returned = returned + 1
    end
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, max)) do
  redis.call('ZREM', KEYS[2], id)
  toWaiting(prefix .. id, id)
  promoted = promoted + 1
end
-- also when jobs wait and no token is left (a taker that popped it and died): blocked workers wake
if redis.call('ZCARD', KEYS[1]) > 0 and redis.call('LLEN', KEYS[5]) == 0 then
  redis.call('RPUSH', KEYS[5], '1')
  redis.call('PEXPIRE', KEYS[5], ARGV[6])
end
return {returned, failed, promoted}
