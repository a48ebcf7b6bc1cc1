--[[
Enqueues one or more jobs, all in one step. Every key shares the queue's hash tag; job records are
ARGV[1] .. id and group sets ARGV[4] .. group (same tag, so the script stays on the queue's slot).
KEYS: 1 waiting (zset, score = -priority * 2^40 + sequence: higher priority first, FIFO within one),
2 delayed (zset, score = due ms), 3 sequence counter, 4 wake-up list, 5 group ring, 6 maxed groups,
7 limited groups, 8 group names, 9 grouped count
ARGV: 1 job key prefix, 2 now ms, 3 wake-up list TTL ms, 4 group key prefix, then 8 per job:
id, given (1 = client jobId: idempotent), payload, delayMs, maxAttempts, backoffMs, priority, group ('' = none)
Returns per job: id, 1 when enqueued or 0 when that jobId already existed, its state.
]]
local prefix, now = ARGV[1], tonumber(ARGV[2])
local Q = {waiting = KEYS[1], seq = KEYS[3], wake = KEYS[4], ring = KEYS[5], maxed = KEYS[6], limited = KEYS[7],
  names = KEYS[8], grouped = KEYS[9], wakeTtl = ARGV[3], groupPrefix = ARGV[4]}
--- @include "include/queue_groups"
local out, woken = {}, false
for i = 5, #ARGV, 8 do
  local id, given, payload = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local delay, priority, group = tonumber(ARGV[i + 3]), tonumber(ARGV[i + 6]), ARGV[i + 7]
  local job = prefix .. id
  local existing = redis.call('HGET', job, 'state')
  if given == '1' and existing then
    out[#out + 1] = id; out[#out + 1] = 0; out[#out + 1] = existing
  else
    local state = delay > 0 and 'delayed' or 'waiting'
    redis.call('HSET', job, 'payload', payload, 'state', state, 'attempts', 0, 'maxAttempts', ARGV[i + 4],
      'backoffMs', ARGV[i + 5], 'priority', priority, 'createdAt', now)
    if group ~= '' then
      redis.call('HSET', job, 'group', group)
    end
    if delay > 0 then
      redis.call('ZADD', KEYS[2], now + delay, id)
    else
      pushWaiting(Q, id, priority, group)
      woken = true
    end
    out[#out + 1] = id; out[#out + 1] = 1; out[#out + 1] = state
  end
end
if woken then
  wakeOne(Q)
end
return out
