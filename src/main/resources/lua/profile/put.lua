--[[
  Replaces a whole profile in one step: checks If-Match and If-None-Match, deletes the hash and
  writes the new fields, type markers and the next version, so no reader ever sees a half-written
  profile.

  Reserved hash fields (outside the name rule, so clients can never write them):
    '#v'        the version behind the ETag; starts at Redis TIME in microseconds when a profile is
                created (so a re-created profile does not repeat an old one's ETag), +1 on every write
    '#s:<f>'    '1' when field f holds a string that reads like a JSON number (so it reads back a string)

  KEYS[1]  the profile hash
  ARGV[1]  If-Match: '' (none), '*' (the profile must exist) or '=' followed by space-separated versions
  ARGV[2]  If-None-Match: '' (none), '*' (the profile must not exist) or '=' followed by space-separated
           versions (the profile must not be at one of them)
  ARGV[3..] triples: field, stored text, '1' when the value needs the string marker else '0'
  Returns  {'ok', HGETALL after the write} or {'precondition', header whose condition is false}
]]
--- @include "include/profile_fields"
local key = KEYS[1]

--- @include "include/profile_preconditions"

--- @include "include/hash_slices"
--- @include "include/profile_write_version"

local failed = failedPrecondition(ARGV[1], ARGV[2])
if failed then
  return {'precondition', failed}
end

local previous = redis.call('HGET', key, VERSION_FIELD)
redis.call('DEL', key)
-- after DEL there are no stale markers to remove
local values = typedValues(3)
writeWithVersion(values, previous)
return {'ok', redis.call('HGETALL', key)}
