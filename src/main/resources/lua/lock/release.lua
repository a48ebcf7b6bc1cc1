--[[
Releases a lock only for its owner, and tells waiters (compare-and-delete: a non-owner changes nothing).
KEYS[1] lock key lock:{res}
ARGV[1] owner token
ARGV[2] Pub/Sub channel of the resource (same hash tag as KEYS[1]); a message wakes processes waiting for the lock
ARGV[3] PUBLISH, or SPUBLISH where Pub/Sub is sharded (a Redis 7+ cluster)
Returns 1 when released, 0 when the caller is not the owner (other owner, or already expired).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call(ARGV[3], ARGV[2], 'released')
  return 1
end
return 0
