--[[
  Fragment, included by scripts that write many hash fields (not a script of its own).
  Expects `key` (the hash) to be defined before the include.

  inSlices(command, args): runs `command key args...` in slices of 256 arguments, because unpack() of
  thousands of arguments would hit Lua's C stack limit.
]]
local function inSlices(command, args)
  local slice = 256
  for i = 1, #args, slice do
    redis.call(command, key, unpack(args, i, math.min(i + slice - 1, #args)))
  end
end
