--[[
Deletes a waiting, delayed or failed job; an active or completed one stays. A group left without waiting
jobs leaves the ring (see include/queue_groups).
KEYS: 1 job, 2 waiting, 3 delayed, 4 failed, 5 group ring, 6 limited groups, 7 group names, 8 grouped count
ARGV: 1 id, 2 group key prefix
Returns: '' when there is no such job, else the state it was in (deleted unless active or completed).
]]
--- @include "include/queue_groups"
local fields = redis.call('HMGET', KEYS[1], 'state', 'group')
local state = fields[1]
if not state then
  return ''
end
if state == 'active' or state == 'completed' then
  return state
end
if fields[2] then
  removeWaiting({ring = KEYS[5], limited = KEYS[6], names = KEYS[7], grouped = KEYS[8], groupPrefix = ARGV[2]},
    ARGV[1], fields[2])
else
  redis.call('ZREM', KEYS[2], ARGV[1])
end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[1])
return state
