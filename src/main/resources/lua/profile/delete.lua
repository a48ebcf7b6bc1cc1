--[[
  Deletes a profile when If-Match allows it.

  KEYS[1]  the profile hash
  ARGV[1]  If-Match: '' (none), '*' (the profile must exist) or '=' followed by space-separated versions
  Returns  {'ok', 1 when a profile was deleted else 0} or {'precondition'}
]]
local key = KEYS[1]

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
  local current = redis.call('HGET', key, '#v') or '0'
  for version in string.gmatch(string.sub(condition, 2), '%S+') do
    if version == current then
      return true
    end
  end
  return false
end

if not matches(ARGV[1]) then
  return {'precondition'}
end
return {'ok', redis.call('DEL', key)}
