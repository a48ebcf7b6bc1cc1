--[[
  Merges fields into a profile (creating it when missing): checks If-Match, If-None-Match and the
  field bound after the merge, then writes the fields, their type markers and the next version, all
  in one step.
  Reserved fields '#v' (version) and '#s:<f>' (string marker): see put.lua.

  KEYS[1]  the profile hash
  ARGV[1]  If-Match: '' (none), '*' (the profile must exist) or '=' followed by space-separated versions
  ARGV[2]  If-None-Match: '' (none), '*' (the profile must not exist) or '=' followed by space-separated
           versions (the profile must not be at one of them)
  ARGV[3]  the most client fields a profile may hold
  ARGV[4..] triples: field, stored text, '1' when the value needs the string marker else '0'
  Returns  {'ok', HGETALL after the write}, {'precondition', header whose condition is false} or
           {'too-many', fields the merge would make}
]]
--- @include "include/profile_fields"
local key = KEYS[1]

--- @include "include/profile_preconditions"

-- client fields only: reserved ones start with '#', which the name rule does not allow
local function clientFieldCount()
  local count = 0
  for _, field in ipairs(redis.call('HKEYS', key)) do
    if string.sub(field, 1, 1) ~= '#' then
      count = count + 1
    end
  end
  return count
end

--- @include "include/hash_slices"
--- @include "include/profile_write_version"

local failed = failedPrecondition(ARGV[1], ARGV[2])
if failed then
  return {'precondition', failed}
end

local maxFields = tonumber(ARGV[3])
local added = 0
for i = 4, #ARGV, 3 do
  if redis.call('HEXISTS', key, ARGV[i]) == 0 then
    added = added + 1
  end
end
-- HLEN counts reserved fields too, so it is an upper bound; count exactly only near the limit
if added > 0 and redis.call('HLEN', key) + added > maxFields then
  local total = clientFieldCount() + added
  if total > maxFields then
    return {'too-many', tostring(total)}
  end
end

local values, unmarked = typedValues(4)
if #unmarked > 0 then
  inSlices('HDEL', unmarked)
end
writeWithVersion(values, redis.call('HGET', key, VERSION_FIELD))
return {'ok', redis.call('HGETALL', key)}
