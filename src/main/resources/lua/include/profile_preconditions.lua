--[[
  Fragment, included by the profile write scripts (not a script of its own): the If-Match and
  If-None-Match checks, in RFC 9110's order (13.2.2: If-Match first).
  Expects `key` (the profile hash) to be defined before the include.

  Each condition is '' (no header), '*' or '=' followed by space-separated versions (the version lives
  in the field '#v'). If-Match lists only strong tags (strong comparison); If-None-Match lists weak
  and strong ones alike (weak comparison), so the versions are compared as they are either way.

  failedPrecondition(ifMatch, ifNoneMatch): nil when the write may go ahead, else the name of the
  header whose condition is false:
    If-Match       false when the profile is missing, or it is not '*' and does not list the version
    If-None-Match  false when the profile exists and it is '*' or lists the version
]]
local function listsVersion(condition, version)
  for listed in string.gmatch(string.sub(condition, 2), '%S+') do
    if listed == version then
      return true
    end
  end
  return false
end

local function failedPrecondition(ifMatch, ifNoneMatch)
  if ifMatch == '' and ifNoneMatch == '' then
    return nil
  end
  local exists = redis.call('EXISTS', key) == 1
  -- a hash another writer created without a version has the version '0'
  local version = exists and (redis.call('HGET', key, VERSION_FIELD) or '0')
  if ifMatch ~= '' and not (exists and (ifMatch == '*' or listsVersion(ifMatch, version))) then
    return 'If-Match'
  end
  if ifNoneMatch ~= '' and exists and (ifNoneMatch == '*' or listsVersion(ifNoneMatch, version)) then
    return 'If-None-Match'
  end
  return nil
end
