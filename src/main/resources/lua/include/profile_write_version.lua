--[[
  Fragment, included by the profile scripts that write fields (not a script of its own).
  Expects `key` and inSlices (include/hash_slices) to be defined before the include.

  writeWithVersion(values, version): HSETs the field/value list and the profile's next version. With
  an existing version it is kept and incremented; a new profile starts at Redis TIME in microseconds,
  so a deleted and re-created profile does not repeat an old ETag.
]]
local function writeWithVersion(values, version)
  values[#values + 1] = '#v'
  if version then
    values[#values + 1] = version
    inSlices('HSET', values)
    redis.call('HINCRBY', key, '#v', 1)
  else
    local now = redis.call('TIME')
    values[#values + 1] = now[1] .. string.sub('000000' .. now[2], -6)
    inSlices('HSET', values)
  end
end
