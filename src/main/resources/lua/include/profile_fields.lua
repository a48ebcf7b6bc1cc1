--[[
  The profile hash's reserved fields, outside the name rule so clients can never write them.
  ProfileFields.java reads both names from this file: Java and the scripts share this one definition.
    VERSION_FIELD    the version behind the ETag
    STRING_MARKER    prefix of the marker field of a string that reads like a JSON number
]]
local VERSION_FIELD = '#v'
local STRING_MARKER = '#s:'
