--[[
Completes an active job when the lease is the holder's and has not expired: leaves active, enters the
completed index, and the record expires after the retention; the index is trimmed by age and count. A grouped
job's group has one running job fewer (see include/queue_groups).
KEYS: 1 job, 2 active, 3 completed, 4 active per group, 5 maxed groups, 6 group names, 7 group ring,
8 sequence counter, 9 wake-up list
ARGV: 1 id, 2 lease, 3 now ms, 4 retention ms, 5 most completed records kept, 6 job key prefix, 7 wake-up
list TTL ms
Returns: -1 wrong or expired lease (nothing changed), else the ms the job ran.
]]
--- @include "include/queue_groups"
local fields = redis.call('HMGET', KEYS[1], 'state', 'lease', 'deadline', 'startedAt', 'group')
local now = tonumber(ARGV[3])
if fields[1] ~= 'active' or fields[2] ~= ARGV[2] or tonumber(fields[3]) < now then
  return -1
end
redis.call('ZREM', KEYS[2], ARGV[1])
if fields[5] then
  releaseGroup({groupActive = KEYS[4], maxed = KEYS[5], names = KEYS[6], ring = KEYS[7], seq = KEYS[8],
    wake = KEYS[9], wakeTtl = ARGV[7]}, fields[5])
end
redis.call('HDEL', KEYS[1], 'lease', 'deadline')
redis.call('HSET', KEYS[1], 'state', 'completed', 'finishedAt', now)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[4]))
local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[5])
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[3], 0, excess - 1)) do
    redis.call('DEL', ARGV[6] .. old)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, excess - 1)
end
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return now - tonumber(fields[4])
