--[[
  Gives back the unused part of a lease taken by principal_window.lua, so that requests a replica
  reserved but did not serve count for nothing. The count goes back to the window it was taken from;
  when that window's field is gone (expired or cleaned up) there is nothing to give back.

  KEYS[1]  the principal's hash of window index -> count
  ARGV[1]  window index the lease was counted in
  ARGV[2]  requests to give back
  Returns  the number given back
]]
local count = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
if not count then
  return 0
end
local back = math.min(count, tonumber(ARGV[2]))
if back > 0 then
  redis.call('HINCRBY', KEYS[1], ARGV[1], -back)
end
return back
