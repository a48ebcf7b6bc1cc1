--[[
Puts failed jobs back in waiting (a grouped job in its group) with fresh attempts: one (ARGV[3]) or up to
ARGV[4] of them.
KEYS: 1 failed, 2 waiting, 3 sequence counter, 4 wake-up list, 5 group ring, 6 maxed groups, 7 limited
groups, 8 group names, 9 grouped count
ARGV: 1 job key prefix, 2 wake-up list TTL ms, 3 id ('' = the oldest failed ones), 4 most jobs, 5 group key prefix
Returns: how many went back to waiting.
]]
local Q = {waiting = KEYS[2], seq = KEYS[3], wake = KEYS[4], ring = KEYS[5], maxed = KEYS[6], limited = KEYS[7],
  names = KEYS[8], grouped = KEYS[9], wakeTtl = ARGV[2], groupPrefix = ARGV[5]}
--- @include "include/queue_groups"
local ids
if ARGV[3] ~= '' then
  ids = {ARGV[3]}
else
  ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)
end
local moved = 0
for _, id in ipairs(ids) do
  local job = ARGV[1] .. id
  local fields = redis.call('HMGET', job, 'state', 'priority', 'group')
  if fields[1] == 'failed' then
    redis.call('ZREM', KEYS[1], id)
    pushWaiting(Q, id, tonumber(fields[2] or '0'), fields[3])
    redis.call('HSET', job, 'state', 'waiting', 'attempts', 0)
    redis.call('HDEL', job, 'finishedAt')
    redis.call('PERSIST', job)
    moved = moved + 1
  end
end
if moved > 0 then
  wakeOne(Q)
end
return moved
