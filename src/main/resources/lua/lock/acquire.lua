--[[
Takes a lock when it is free and issues its fencing token in the same atomic step.
KEYS[1] lock key lock:{res}: string holding the owner's token, with PX ttl (the lock's lease)
KEYS[2] fence counter lock:{res}:fence: integer, durable (no TTL). A TTL would let the counter vanish
        while the resource is idle and restart at 1, so a late holder's old fence could exceed a new one.
ARGV[1] owner token (random, unguessable)
ARGV[2] ttl in milliseconds
Returns {1, fence} when granted, {0, remaining ms of the current holder's lease (-1: none)} when held.
]]
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('INCR', KEYS[2])}
end
return {0, redis.call('PTTL', KEYS[1])}
