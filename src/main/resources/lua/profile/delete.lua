--[[
  Deletes a profile when If-Match and If-None-Match allow it.

  KEYS[1]  the profile hash
  ARGV[1]  If-Match: '' (none), '*' (the profile must exist) or '=' followed by space-separated versions
  ARGV[2]  If-None-Match: '' (none), '*' (the profile must not exist) or '=' followed by space-separated
           versions (the profile must not be at one of them)
  Returns  {'ok', 1 when a profile was deleted else 0} or {'precondition', header whose condition is false}
]]
--- @include "include/profile_fields"
local key = KEYS[1]

--- @include "include/profile_preconditions"

local failed = failedPrecondition(ARGV[1], ARGV[2])
if failed then
  return {'precondition', failed}
end
return {'ok', redis.call('DEL', key)}
