--[[
Moves due delayed jobs to waiting, then (unless the queue is paused) up to ARGV[3] ids from waiting to
active with a visibility deadline, counting the attempt and giving each a lease token.
KEYS: 1 waiting, 2 delayed, 3 active, 4 paused, 5 wake-up list, 6 sequence counter
ARGV: 1 job key prefix, 2 now ms, 3 max jobs, 4 lease ms, 5 lease token base, 6 most delayed jobs to
promote, 7 wake-up list TTL ms
Returns: paused (0/1), the next delayed job's due time (-1: none), then per job id, payload, attempts, lease.
]]
local prefix, now = ARGV[1], tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[6]))
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[2], id)
  local job = prefix .. id
  local priority = tonumber(redis.call('HGET', job, 'priority') or '0')
  local seq = redis.call('INCR', KEYS[6])
  redis.call('ZADD', KEYS[1], string.format('%.0f', -priority * 1099511627776 + seq), id)
  redis.call('HSET', job, 'state', 'waiting')
end
local out = {0, -1}
if redis.call('EXISTS', KEYS[4]) == 1 then
  out[1] = 1
else
  local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[3]))
  local deadline = now + tonumber(ARGV[4])
  -- two calls per job and one ZADD for all: a script's cost is mostly its number of redis.call()s
  local active = {}
  for i = 1, #popped, 2 do
    local id = popped[i]
    local job = prefix .. id
    local fields = redis.call('HMGET', job, 'payload', 'attempts')
    if fields[1] then
      local attempts = tonumber(fields[2] or '0') + 1
      local lease = ARGV[5] .. '.' .. i
      redis.call('HSET', job, 'state', 'active', 'lease', lease, 'deadline', deadline, 'startedAt', now,
        'attempts', attempts)
      active[#active + 1] = deadline; active[#active + 1] = id
      out[#out + 1] = id; out[#out + 1] = fields[1]; out[#out + 1] = attempts; out[#out + 1] = lease
    end
  end
  if #active > 0 then
    redis.call('ZADD', KEYS[3], unpack(active))
  end
  -- more work left: keep a wake-up token for the next blocked taker (ours was consumed)
  if redis.call('ZCARD', KEYS[1]) > 0 and redis.call('LLEN', KEYS[5]) == 0 then
    redis.call('RPUSH', KEYS[5], '1')
    redis.call('PEXPIRE', KEYS[5], ARGV[7])
  end
end
local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if #first > 0 then
  out[2] = tonumber(first[2])
end
return out
