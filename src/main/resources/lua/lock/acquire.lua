--[[
Takes a lock when it is free and issues its fencing token in the same atomic step.
KEYS[1] lock key lock:{res}: string holding the owner's token, with PX ttl (the lock's lease)
KEYS[2] fence key lock:{res}:fence: the last fence issued, durable (no TTL: it must not vanish while the
        resource is idle)
ARGV[1] owner token (random, unguessable)
ARGV[2] ttl in milliseconds
Returns {1, fence} when granted, {0, remaining ms of the current holder's lease (-1: none)} when held.

The fence is max(last fence + 1, the server's clock in microseconds since 1970, from TIME). The last
fence alone would restart at 1 when Redis loses its data (a restart without persistence, a failover to a
replica that missed writes); the clock floor keeps a new fence above every earlier one. The one
assumption: this server's clock (after a failover, the new primary's) is not behind the clock that issued
the last fence by more than the time since it was issued.
Microseconds are ~1.7e15 today, below 2^53, so fences are exact in Lua's doubles and for JSON clients.
TIME before a write is allowed: scripts replicate by their effects (default since Redis 5, the only mode
since 7), so replicas and the AOF get the computed SET, not a second clock read.
]]
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, redis.call('PTTL', KEYS[1])}
end
local now = redis.call('TIME')
local clockFloor = tonumber(now[1]) * 1000000 + tonumber(now[2])
local fence = math.max(tonumber(redis.call('GET', KEYS[2]) or '0') + 1, clockFloor)
-- '%.0f': tostring would print a 16-digit number in exponent form and lose digits
redis.call('SET', KEYS[2], string.format('%.0f', fence))
return {1, fence}
