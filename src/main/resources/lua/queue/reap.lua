--[[
Run by one replica at a time (under the queue's reaper lock): active jobs whose deadline passed (their
worker died or vanished) go back to waiting (a grouped job to its group), or to failed once their attempts
are used up; due delayed jobs go to waiting. The attempt was counted when the job was taken.
KEYS: 1 waiting, 2 delayed, 3 active, 4 sequence counter, 5 wake-up list, 6 failed, 7 group ring, 8 maxed
groups, 9 limited groups, 10 group names, 11 grouped count, 12 active per group
ARGV: 1 job key prefix, 2 now ms, 3 most jobs per run, 4 failed retention ms, 5 most failed kept,
6 wake-up list TTL ms, 7 group key prefix
Returns: {returned to waiting, failed, promoted}
]]
local prefix, now, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local Q = {waiting = KEYS[1], seq = KEYS[4], wake = KEYS[5], ring = KEYS[7], maxed = KEYS[8], limited = KEYS[9],
  names = KEYS[10], grouped = KEYS[11], groupActive = KEYS[12], wakeTtl = ARGV[6], groupPrefix = ARGV[7]}
--- @include "include/queue_groups"
--- @include "include/queue_failed"
local function toWaiting(job, id, priority, group)
  pushWaiting(Q, id, tonumber(priority or '0'), group)
  redis.call('HSET', job, 'state', 'waiting')
end
local returned, failed, promoted = 0, 0, 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. now, 'LIMIT', 0, max)) do
  redis.call('ZREM', KEYS[3], id)
  local job = prefix .. id
  local fields = redis.call('HMGET', job, 'attempts', 'maxAttempts', 'priority', 'group')
  if fields[1] then
    redis.call('HDEL', job, 'lease', 'deadline')
    if fields[4] then
      releaseGroup(Q, fields[4])
    end
    local err = 'lease expired: the worker did not ack in time (attempt ' .. fields[1] .. ')'
    if tonumber(fields[1]) >= tonumber(fields[2]) then
      toFailed(job, KEYS[6], id, err, now, ARGV[4], ARGV[5], prefix)
      failed = failed + 1
    else
      redis.call('HSET', job, 'lastError', err)
      toWaiting(job, id, fields[3], fields[4])
      returned = returned + 1
    end
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, max)) do
  redis.call('ZREM', KEYS[2], id)
  local job = prefix .. id
  local fields = redis.call('HMGET', job, 'priority', 'group')
  toWaiting(job, id, fields[1], fields[2])
  promoted = promoted + 1
end
-- also when jobs wait and no token is left (a taker that popped it and died): blocked workers wake
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('ZCARD', Q.ring) > 0 then
  wakeOne(Q)
end
return {returned, failed, promoted}
