--[[
  Fixed-window counter: adds to the counter and, when this increment opened the window, gives the key
  the window's lifetime. The window starts at the first increment and the key expires with it.

  KEYS[1]  the windowed counter
  ARGV[1]  increment (signed 64-bit, as decimal text)
  ARGV[2]  window length in milliseconds
  Returns  {new value as decimal text, ms until the window (and the key) expire}
]]
-- an overflow raises here, before anything changed
redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
-- read back as text: INCRBY's integer reply becomes a Lua number, a double, which loses digits above 2^53
return {redis.call('GET', KEYS[1]), ttl}
