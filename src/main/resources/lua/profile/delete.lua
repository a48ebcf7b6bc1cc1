--[[
  Deletes a profile when If-Match allows it.

  KEYS[1]  the profile hash
  ARGV[1]  If-Match: '' (none), '*' (the profile must exist) or '=' followed by space-separated versions
  Returns  {'ok', 1 when a profile was deleted else 0} or {'precondition'}
]]
--- @include "include/profile_fields"
local key = KEYS[1]

--- @include "include/profile_if_match"

if not matches(ARGV[1]) then
  return {'precondition'}
end
return {'ok', redis.call('DEL', key)}
