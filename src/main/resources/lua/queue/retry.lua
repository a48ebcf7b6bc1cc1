--[[
Puts failed jobs back in waiting with fresh attempts: one (ARGV[3]) or up to ARGV[4] of them.
KEYS: 1 failed, 2 waiting, 3 sequence counter, 4 wake-up list
ARGV: 1 job key prefix, 2 wake-up list TTL ms, 3 id ('' = the oldest failed ones), 4 most jobs
Returns: how many went back to waiting.
]]
local ids
if ARGV[3] ~= '' then
  ids = {ARGV[3]}
else
  ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)
end
local moved = 0
for _, id in ipairs(ids) do
  local job = ARGV[1] .. id
  if redis.call('HGET', job, 'state') == 'failed' then
    redis.call('ZREM', KEYS[1], id)
    local priority = tonumber(redis.call('HGET', job, 'priority') or '0')
    local seq = redis.call('INCR', KEYS[3])
    redis.call('ZADD', KEYS[2], string.format('%.0f', -priority * 1099511627776 + seq), id)
    redis.call('HSET', job, 'state', 'waiting', 'attempts', 0)
    redis.call('HDEL', job, 'finishedAt')
    redis.call('PERSIST', job)
    moved = moved + 1
  end
end
if moved > 0 and redis.call('LLEN', KEYS[4]) == 0 then
  redis.call('RPUSH', KEYS[4], '1')
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
return moved
