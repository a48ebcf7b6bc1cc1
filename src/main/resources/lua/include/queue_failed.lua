--[[
Shared by the fail and reap scripts: records a job as failed and bounds the failed index.
]]
local function toFailed(job, failed, id, err, now, retention, maxKept, prefix)
  redis.call('HSET', job, 'state', 'failed', 'lastError', err, 'finishedAt', now)
  redis.call('PEXPIRE', job, retention)
  redis.call('ZADD', failed, now, id)
  redis.call('ZREMRANGEBYSCORE', failed, '-inf', now - tonumber(retention))
  local excess = redis.call('ZCARD', failed) - tonumber(maxKept)
  if excess > 0 then
    for _, old in ipairs(redis.call('ZRANGE', failed, 0, excess - 1)) do
      redis.call('DEL', prefix .. old)
    end
    redis.call('ZREMRANGEBYRANK', failed, 0, excess - 1)
  end
  redis.call('PEXPIRE', failed, retention)
end
