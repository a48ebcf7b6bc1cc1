--[[
A page of one state's jobs with their records, in the state's order (waiting: the order they will be
taken; delayed: by due time; active: by deadline; completed and failed: oldest first).
KEYS: 1 the state's sorted set
ARGV: 1 job key prefix, 2 offset, 3 count
Returns: {total, id, {field, value, ...}, id, {...}, ...} (records already expired are left out)
]]
--- @readonly
local ids = redis.call('ZRANGE', KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[2]) + tonumber(ARGV[3]) - 1)
local out = {redis.call('ZCARD', KEYS[1])}
for _, id in ipairs(ids) do
  local record = redis.call('HGETALL', ARGV[1] .. id)
  if #record > 0 then
    out[#out + 1] = id
    out[#out + 1] = record
  end
end
return out
