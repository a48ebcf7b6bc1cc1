--[[
Completes active jobs whose lease is the holder's and has not expired: each leaves active, enters the
completed index, and its record expires after the retention; the index is trimmed by age and count once
per call. A job whose lease is wrong or expired is left unchanged; the others are still completed.
KEYS: 1 active, 2 completed, then the record of each job
ARGV: 1 now ms, 2 retention ms, 3 most completed records kept, 4 job key prefix, then per job: id, lease
Returns per job: -1 wrong or expired lease (nothing changed), else the ms the job ran.
]]
local now, retention = tonumber(ARGV[1]), ARGV[2]
local out, ids, scored = {}, {}, {}
for k = 3, #KEYS do
  local job, id, lease = KEYS[k], ARGV[2 * k - 1], ARGV[2 * k]
  local fields = redis.call('HMGET', job, 'state', 'lease', 'deadline', 'startedAt')
  if fields[1] ~= 'active' or fields[2] ~= lease or tonumber(fields[3]) < now then
    out[#out + 1] = -1
  else
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
