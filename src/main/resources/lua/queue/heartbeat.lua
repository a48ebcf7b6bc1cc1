--[[
Extends an active job's lease when the token is the holder's and has not expired.
KEYS: 1 job, 2 active
ARGV: 1 id, 2 lease, 3 now ms, 4 lease ms, 5 progress JSON ('' = leave it)
Returns: -1 wrong or expired lease (nothing changed), else the new deadline.
]]
local fields = redis.call('HMGET', KEYS[1], 'state', 'lease', 'deadline')
local now = tonumber(ARGV[3])
if fields[1] ~= 'active' or fields[2] ~= ARGV[2] or tonumber(fields[3]) < now then
  return -1
end
local deadline = tonumber(fields[3])
if ARGV[4] ~= '0' then
  deadline = now + tonumber(ARGV[4])
  redis.call('HSET', KEYS[1], 'deadline', deadline)
  redis.call('ZADD', KEYS[2], 'XX', deadline, ARGV[1])
end
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[1], 'progress', ARGV[5])
end
return deadline
