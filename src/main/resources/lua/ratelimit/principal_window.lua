--[[
  Sliding-window counter for one principal's request quota (the per-request limiter of /api/v1).
  Counts live in one hash, one field per fixed window; the estimate weights the previous window by how
  much of it still overlaps the sliding window. O(1) memory per principal, one round trip, atomic.
  A rejected request changes nothing, so it costs no quota.

  KEYS[1]  hash of window index -> count for this principal
  ARGV[1]  limit: requests allowed per window
  ARGV[2]  window length in milliseconds
  Returns  {allowed (1|0), remaining, ms until the current window rolls, ms until one more request fits (0 if allowed)}
  Time comes from Redis (TIME) so every replica agrees.
]]
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local current = math.floor(now / window)
local elapsed = now - current * window
local untilRoll = window - elapsed

local counts = redis.call('HMGET', key, current, current - 1)
local cur = tonumber(counts[1]) or 0
local prev = tonumber(counts[2]) or 0
local used = prev * (untilRoll / window) + cur

if used + 1 > limit then
  local wait
  if cur + 1 <= limit and prev > 0 then
    -- within this window: wait until the previous window's weight has shrunk enough
    wait = untilRoll - (limit - 1 - cur) * window / prev
  else
    -- after the roll this window's count becomes the shrinking previous one
    wait = untilRoll + window - (limit - 1) * window / cur
  end
  return {0, 0, untilRoll, math.max(1, math.ceil(wait))}
end

-- housekeeping only when a window opens: the steady state is TIME, HMGET, HINCRBY
if redis.call('HINCRBY', key, current, 1) == 1 then
  redis.call('HDEL', key, current - 2)
  redis.call('PEXPIRE', key, window * 2)
end
return {1, math.max(0, math.floor(limit - used - 1)), untilRoll, 0}
