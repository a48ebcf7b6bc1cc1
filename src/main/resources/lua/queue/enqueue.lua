--[[
Enqueues one or more jobs, all in one step. Every key shares the queue's hash tag; job records are
ARGV[1] .. id (same tag, so the script stays on the queue's slot).
KEYS: 1 waiting (zset, score = -priority * 2^40 + sequence: higher priority first, FIFO within one),
2 delayed (zset, score = due ms), 3 sequence counter, 4 wake-up list
ARGV: 1 job key prefix, 2 now ms, 3 wake-up list TTL ms, then 7 per job:
id, given (1 = client jobId: idempotent), payload, delayMs, maxAttempts, backoffMs, priority
Returns per job: id, 1 when enqueued or 0 when that jobId already existed, its state.
]]
local prefix, now, wakeTtl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local out, woken = {}, false
for i = 4, #ARGV, 7 do
  local id, given, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local delay, priority = tonumber(ARGV[i + 3]), tonumber(ARGV[i + 6])
  local job = prefix .. id
  local existing = redis.call('HGET', job, 'state')
  if given == '1' and existing then
    out[#out + 1] = id; out[#out + 1] = 0; out[#out + 1] = existing
  else
    local state = delay > 0 and 'delayed' or 'waiting'
    redis.call('HSET', job, 'payload', payload, 'state', state, 'attempts', 0, 'maxAttempts', ARGV[i + 4],
      'backoffMs', ARGV[i + 5], 'priority', priority, 'createdAt', now)
    if delay > 0 then
      redis.call('ZADD', KEYS[2], now + delay, id)
    else
      local seq = redis.call('INCR', KEYS[3])
      redis.call('ZADD', KEYS[1], string.format('%.0f', -priority * 1099511627776 + seq), id)
      woken = true
    end
    out[#out + 1] = id; out[#out + 1] = 1; out[#out + 1] = state
  end
end
if woken and redis.call('LLEN', KEYS[4]) == 0 then
  redis.call('RPUSH', KEYS[4], '1')
  redis.call('PEXPIRE', KEYS[4], wakeTtl)
end
return out
