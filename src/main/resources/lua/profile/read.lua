--[[
  Reads a profile, whole or some fields, in one consistent snapshot (existence, version, values).

  KEYS[1]  the profile hash
  ARGV     the fields to read; none = all
  Returns  nil when the profile does not exist; with no ARGV the HGETALL list (reserved fields
           included); else {version, value1, marker1, value2, marker2, ...} where a missing value or
           marker is nil (false in Lua, kept in place in the reply)
]]
--- @readonly
--- @include "include/profile_fields"
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  return nil
end
if #ARGV == 0 then
  return redis.call('HGETALL', key)
end
local names = {VERSION_FIELD}
for i = 1, #ARGV do
  names[#names + 1] = ARGV[i]
  names[#names + 1] = STRING_MARKER .. ARGV[i]
end
return redis.call('HMGET', key, unpack(names))
