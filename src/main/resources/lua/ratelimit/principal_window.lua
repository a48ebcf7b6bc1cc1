--[[
  Sliding-window counter for one principal's request quota (the limiter of /api/v1).
  Counts live in one hash, one field per fixed window; the estimate weights the previous window by how
  much of it still overlaps the sliding window. O(1) memory per principal, one round trip, atomic.
  A rejected call changes nothing, so rejected requests cost no quota.

  A caller may take several requests' worth at once (a lease, served locally by one event loop): the
  grant is never more than half of what is left, so a principal near its limit is spread over its
  replicas in ever smaller leases and the last requests go one by one, as without leases.

  KEYS[1]  hash of window index -> count for this principal
  ARGV[1]  limit: requests allowed per window
  ARGV[2]  window length in milliseconds
  ARGV[3]  requests wanted (1 when absent)
  Returns  {granted (0 = rejected), remaining after the grant, ms until the current window rolls,
            ms until one more request fits (0 if granted), index of the window the grant was counted in}
  Time comes from Redis (TIME) so every replica agrees.
]]
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3]) or 1

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local current = math.floor(now / window)
local elapsed = now - current * window
local untilRoll = window - elapsed

local counts = redis.call('HMGET', key, current, current - 1)
local cur = tonumber(counts[1]) or 0
local prev = tonumber(counts[2]) or 0
local free = limit - (prev * (untilRoll / window) + cur)

if free < 1 then
  local wait
  if cur + 1 <= limit and prev > 0 then
    -- within this window: wait until the previous window's weight has shrunk enough
    wait = untilRoll - (limit - 1 - cur) * window / prev
  else
    -- after the roll this window's count becomes the shrinking previous one
    wait = untilRoll + window - (limit - 1) * window / cur
  end
  return {0, 0, untilRoll, math.max(1, math.ceil(wait)), current}
end

local granted = math.min(wanted, math.max(1, math.floor(free / 2)))
-- housekeeping only when a window opens: the steady state is TIME, HMGET, HINCRBY
if redis.call('HINCRBY', key, current, granted) == granted then
  redis.call('HDEL', key, current - 2)
  redis.call('PEXPIRE', key, window * 2)
end
return {granted, math.max(0, math.floor(free - granted)), untilRoll, 0, current}
