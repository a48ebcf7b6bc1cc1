--[[
  Fragment, included by the profile scripts (not a script of its own): the If-Match check.
  Expects `key` (the profile hash) to be defined before the include.

  matches(condition): condition is '' (no If-Match), '*' (the profile must exist) or '=' followed by
  space-separated versions; true when the write may go ahead. The version lives in the field '#v'.
]]
local function matches(condition)
  if condition == '' then
    return true
  end
  if redis.call('EXISTS', key) == 0 then
    return false
  end
  if condition == '*' then
    return true
  end
  local current = redis.call('HGET', key, VERSION_FIELD) or '0'
  for version in string.gmatch(string.sub(condition, 2), '%S+') do
    if version == current then
      return true
    end
  end
  return false
end
