--[[
  Records one visit: adds the visitor to the day's set (exact counts, set algebra) and to the day's
  HyperLogLog (approximate counts in 12 KB), and gives both keys the retention TTL, in one step so a
  day's keys never exist without their expiry.

  KEYS[1]  the day's set
  KEYS[2]  the day's HyperLogLog (same hash tag)
  ARGV[1]  visitor id
  ARGV[2]  retention in milliseconds (counted from the latest visit recorded for the day)
  Returns  1 when the visitor is new for the day, else 0
]]
local added = redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PFADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return added
