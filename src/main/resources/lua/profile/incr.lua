--[[
  HINCRBY on one profile field (creating the profile or the field at 0 when missing), guarded by
  If-Match, If-None-Match and the field bound, and bumping the version in the same step. A field
  that holds a string, or a number that is not a 64-bit integer, is a conflict and nothing changes.
  Reserved fields '#v' (version) and '#s:<f>' (string marker): see put.lua.

  KEYS[1]  the profile hash
  ARGV[1]  If-Match: '' (none), '*' (the profile must exist) or '=' followed by space-separated versions
  ARGV[2]  If-None-Match: '' (none), '*' (the profile must not exist) or '=' followed by space-separated
           versions (the profile must not be at one of them)
  ARGV[3]  the most client fields a profile may hold
  ARGV[4]  the field
  ARGV[5]  the increment (signed 64-bit)
  Returns  {'ok', new value as text, new version}, {'precondition', header whose condition is false},
           {'too-many', fields it would make} or {'conflict', reason}
]]
--- @include "include/profile_fields"
local key = KEYS[1]
local field = ARGV[4]

--- @include "include/profile_preconditions"

local failed = failedPrecondition(ARGV[1], ARGV[2])
if failed then
  return {'precondition', failed}
end
if redis.call('HEXISTS', key, STRING_MARKER .. field) == 1 then
  return {'conflict', 'the field holds a string'}
end
if redis.call('HEXISTS', key, field) == 0 then
  local maxFields = tonumber(ARGV[3])
  if redis.call('HLEN', key) + 1 > maxFields then
    local count = 1
    for _, name in ipairs(redis.call('HKEYS', key)) do
      if string.sub(name, 1, 1) ~= '#' then
        count = count + 1
      end
    end
    if count > maxFields then
      return {'too-many', tostring(count)}
    end
  end
end

-- the first write: when Redis refuses it (not an integer, overflow) nothing has changed yet
local result = redis.pcall('HINCRBY', key, field, ARGV[5])
if type(result) == 'table' and result.err then
  return {'conflict', result.err}
end
if redis.call('HEXISTS', key, VERSION_FIELD) == 1 then
  redis.call('HINCRBY', key, VERSION_FIELD, 1)
else
  local now = redis.call('TIME')
  redis.call('HSET', key, VERSION_FIELD, now[1] .. string.sub('000000' .. now[2], -6))
end
-- read back as text: a Lua number is a double and would lose digits of large values
return {'ok', redis.call('HGET', key, field), redis.call('HGET', key, VERSION_FIELD)}
