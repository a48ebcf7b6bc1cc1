--[[
  Fragment, included by the profile scripts that write fields (not a script of its own).
  Expects `key` and inSlices (include/hash_slices) to be defined before the include.

  typedValues(first): reads ARGV triples (field, stored text, '1' when the value needs the string marker)
  from index `first` and returns the field/value list to HSET, markers included, and the markers to
  HDEL for fields that no longer hold number-like strings.

  writeWithVersion(values, version): HSETs the field/value list and the profile's next version. With
  an existing version it is kept and incremented; a new profile starts at Redis TIME in microseconds,
  so a deleted and re-created profile does not repeat an old ETag.
]]
local function typedValues(first)
  local values, unmarked = {}, {}
  for i = first, #ARGV, 3 do
    values[#values + 1] = ARGV[i]
    values[#values + 1] = ARGV[i + 1]
    if ARGV[i + 2] == '1' then
      values[#values + 1] = STRING_MARKER .. ARGV[i]
      values[#values + 1] = '1'
    else
      unmarked[#unmarked + 1] = STRING_MARKER .. ARGV[i]
    end
  end
  return values, unmarked
end

local function writeWithVersion(values, version)
  values[#values + 1] = VERSION_FIELD
  if version then
    values[#values + 1] = version
    inSlices('HSET', values)
    redis.call('HINCRBY', key, VERSION_FIELD, 1)
  else
    local now = redis.call('TIME')
    values[#values + 1] = now[1] .. string.sub('000000' .. now[2], -6)
    inSlices('HSET', values)
  end
end
