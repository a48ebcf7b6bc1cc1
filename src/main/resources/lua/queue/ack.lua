--[[
Completes active jobs whose lease is the holder's and has not expired: each leaves active, enters the
completed index, and its record expires after the retention; a grouped job's group has one running job
fewer (see include/queue_groups). The index is trimmed by age and count once per call. A job whose lease is
wrong or expired is left unchanged; the others are still completed.
KEYS: 1 active, 2 completed, 3 active per group, 4 maxed groups, 5 group names, 6 group ring, 7 sequence
counter, 8 wake-up list, then the record of each job
ARGV: 1 now ms, 2 retention ms, 3 most completed records kept, 4 job key prefix, 5 wake-up list TTL ms, then
per job: id, lease
Returns per job: -1 wrong or expired lease (nothing changed), else the ms the job ran.
]]
--- @include "include/queue_groups"
local now, retention = tonumber(ARGV[1]), ARGV[2]
local Q = {groupActive = KEYS[3], maxed = KEYS[4], names = KEYS[5], ring = KEYS[6], seq = KEYS[7],
  wake = KEYS[8], wakeTtl = ARGV[5]}
local out, ids, scored = {}, {}, {}
for k = 9, #KEYS do
  local job, id, lease = KEYS[k], ARGV[2 * k - 12], ARGV[2 * k - 11]
  local fields = redis.call('HMGET', job, 'state', 'lease', 'deadline', 'startedAt', 'group')
  if fields[1] ~= 'active' or fields[2] ~= lease or tonumber(fields[3]) < now then
    out[#out + 1] = -1
  else
    if fields[5] then
      releaseGroup(Q, fields[5])
    end
    -- the lease is voided in the same call (an HDEL would cost a call per job)
    redis.call('HSET', job, 'state', 'completed', 'finishedAt', now, 'lease', '', 'deadline', '')
    redis.call('PEXPIRE', job, retention)
    ids[#ids + 1] = id
    scored[#scored + 1] = now
    scored[#scored + 1] = id
    out[#out + 1] = now - tonumber(fields[4])
  end
end
if #ids > 0 then
  redis.call('ZREM', KEYS[1], unpack(ids))
  redis.call('ZADD', KEYS[2], unpack(scored))
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(retention))
  local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
  if excess > 0 then
    for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
      redis.call('DEL', ARGV[4] .. old)
    end
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
  end
  redis.call('PEXPIRE', KEYS[2], retention)
end
return out
