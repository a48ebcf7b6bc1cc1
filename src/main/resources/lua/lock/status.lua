--[[
Reads a lock's state in one step, so the fence and the lease belong together. Never returns the token.
KEYS[1] lock key lock:{res}
KEYS[2] fence key lock:{res}:fence: the last fence issued
Returns {pttl of the lock (-2: free), last issued fence (0: never locked)}.
]]
--- @readonly
return {redis.call('PTTL', KEYS[1]), tonumber(redis.call('GET', KEYS[2]) or '0')}
