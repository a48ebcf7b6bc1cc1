--[[
A page of one state's jobs with their records, in the state's order (waiting: the order they will be
taken without groups; delayed: by due time; active: by deadline; completed and failed: oldest first). For
waiting, the ungrouped jobs are followed by each group's (groups by name), when KEYS[2] and KEYS[3] are given.
KEYS: 1 the state's sorted set (or one group's), 2 group names (optional), 3 grouped count (with 2)
ARGV: 1 job key prefix, 2 offset, 3 count, 4 group key prefix (with KEYS[2])
Returns: {total, id, {field, value, ...}, id, {...}, ...} (records already expired are left out)
]]
--- @readonly
local offset, count = tonumber(ARGV[2]), tonumber(ARGV[3])
local ids, seen = {}, 0
-- adds the ids of one sorted set that fall in the page; seen counts the jobs of the sets before it
local function page(set)
  local size = redis.call('ZCARD', set)
  if #ids < count and offset < seen + size then
    local from = math.max(0, offset - seen)
    for _, id in ipairs(redis.call('ZRANGE', set, from, from + count - #ids - 1)) do
      ids[#ids + 1] = id
    end
  end
  seen = seen + size
end
page(KEYS[1])
local total = seen
if KEYS[2] then
  total = total + tonumber(redis.call('GET', KEYS[3]) or '0')
  local chunk, at = 100, 0
  while #ids < count do
    local groups = redis.call('ZRANGE', KEYS[2], at, at + chunk - 1)
    for _, group in ipairs(groups) do
      if #ids >= count then
        break
      end
      page(ARGV[4] .. group)
    end
    if #groups < chunk then
      break
    end
    at = at + chunk
  end
end
local out = {total}
for _, id in ipairs(ids) do
  local record = redis.call('HGETALL', ARGV[1] .. id)
  if #record > 0 then
    out[#out + 1] = id
    out[#out + 1] = record
  end
end
return out
