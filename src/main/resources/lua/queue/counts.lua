--[[
The sizes of a queue's states, whether it is paused, how many groups have waiting jobs, and when the oldest
of the jobs next in line (the first ungrouped one and the first of the group whose turn is next) was created,
in one consistent read.
KEYS: 1 waiting, 2 delayed, 3 active, 4 completed, 5 failed, 6 paused, 7 grouped count, 8 group names,
9 group ring
ARGV: 1 job key prefix, 2 group key prefix
Returns: {paused, waiting, delayed, active, completed, failed, next job's createdAt ms or -1, groups}
]]
--- @readonly
local out = {redis.call('EXISTS', KEYS[6])}
for i = 1, 5 do
  out[#out + 1] = redis.call('ZCARD', KEYS[i])
end
out[2] = out[2] + tonumber(redis.call('GET', KEYS[7]) or '0')
local created = -1
local function consider(set)
  local first = redis.call('ZRANGE', set, 0, 0)[1]
  local at = first and tonumber(redis.call('HGET', ARGV[1] .. first, 'createdAt') or '-1') or -1
  if at >= 0 and (created < 0 or at < created) then
    created = at
  end
end
consider(KEYS[1])
local head = redis.call('ZRANGE', KEYS[9], 0, 0)[1]
if head and head ~= '' then
  consider(ARGV[2] .. head)
end
out[#out + 1] = created
out[#out + 1] = redis.call('ZCARD', KEYS[8])
return out
