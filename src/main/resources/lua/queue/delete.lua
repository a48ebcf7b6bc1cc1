--[[
Deletes a waiting, delayed or failed job; an active or completed one stays.
KEYS: 1 job, 2 waiting, 3 delayed, 4 failed
ARGV: 1 id
Returns: '' when there is no such job, else the state it was in (deleted unless active or completed).
]]
local state = redis.call('HGET', KEYS[1], 'state')
if not state then
  return ''
end
if state == 'active' or state == 'completed' then
  return state
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('DEL', KEYS[1])
return state
