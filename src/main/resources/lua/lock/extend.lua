--[[
Extends a lock's lease only for its owner (compare-and-expire: a non-owner changes nothing).
KEYS[1] lock key lock:{res}
KEYS[2] fence key lock:{res}:fence: the last fence issued (read only, to report the holder's fence)
ARGV[1] owner token
ARGV[2] new ttl in milliseconds, counted from now
Returns {1, fence} when extended, {0} when the caller is not the owner (other owner, or expired).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1, tonumber(redis.call('GET', KEYS[2]) or '0')}
end
return {0}
