--[[
  Fixed-window counter: adds to the counter and, when this increment opened the window, gives the key
  the window's lifetime. The window starts at the first increment and the key expires with it.

  KEYS[1]  the windowed counter
  ARGV[1]  increment (signed 64-bit)
  ARGV[2]  window length in milliseconds
  Returns  {new value, ms until the window (and the key) expire}
]]
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {value, ttl}
