--[[
Sets a queue's limits (replacing the configured ones) or, with ARGV[1] = 1, clears them (the configuration
applies again). Parked groups get their turns back at once: the next take parks again those still over a
limit, so a raised or removed limit takes effect without waiting for the group's jobs to finish.
KEYS: 1 limits (hash, durable), 2 maxed groups, 3 limited groups, 4 group ring, 5 group names,
6 sequence counter, 7 wake-up list
ARGV: 1 clear (1/0), 2 wake-up list TTL ms, then field, value pairs (rateMax, rateWindowMs, groupConcurrency,
groupRateMax, groupRateWindowMs; a limit left out is none)
Returns: how many parked groups went back to the ring.
]]
local Q = {maxed = KEYS[2], limited = KEYS[3], ring = KEYS[4], names = KEYS[5], seq = KEYS[6], wake = KEYS[7],
  wakeTtl = ARGV[2]}
--- @include "include/queue_groups"
redis.call('DEL', KEYS[1])
if ARGV[1] ~= '1' then
  redis.call('HSET', KEYS[1], 'set', '1', unpack(ARGV, 3))
end
local parked = redis.call('SMEMBERS', Q.maxed)
for _, group in ipairs(redis.call('ZRANGE', Q.limited, 0, -1)) do
  parked[#parked + 1] = group
end
redis.call('DEL', Q.maxed, Q.limited)
local back = 0
for _, group in ipairs(parked) do
  if redis.call('ZSCORE', Q.names, group) then
    back = back + redis.call('ZADD', Q.ring, 'NX', redis.call('INCR', Q.seq), group)
  end
end
if back > 0 then
  wakeOne(Q)
end
return back
