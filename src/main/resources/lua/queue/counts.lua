--[[
The sizes of a queue's states, whether it is paused, and when the job next in line was created, in one
consistent read.
KEYS: 1 waiting, 2 delayed, 3 active, 4 completed, 5 failed, 6 paused
ARGV: 1 job key prefix
Returns: {paused, waiting, delayed, active, completed, failed, next job's createdAt ms or -1}
]]
--- @readonly
local out = {redis.call('EXISTS', KEYS[6])}
for i = 1, 5 do
  out[#out + 1] = redis.call('ZCARD', KEYS[i])
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0)
local created = first[1] and redis.call('HGET', ARGV[1] .. first[1], 'createdAt')
out[#out + 1] = tonumber(created or '-1')
return out
