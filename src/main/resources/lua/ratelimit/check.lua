--[[
  Sliding-window rate limit check for other services (POST /api/v1/ratelimit/check), in one atomic step.
  The key is a sorted set of the calls admitted in the last window: one member per call, scored by the
  call's time in milliseconds from Redis TIME (so every replica agrees), its member "<cost>@<TIME in
  microseconds>" (with "#<n>" appended in the rare case that member exists already, so calls in the
  same microsecond never overwrite each other). One more member, "used", holds the sum of the counted
  calls' costs as its negated score (<= 0, below every time score), so a call costs O(log n) whatever
  the costs: no walk over the window to add them up. Both live in the one key, so they expire, are
  evicted and replicate together.

  A call first drops the calls that left the window (score <= now - window), then admits its cost when
  it fits (used + cost <= limit): adds its member, adds its cost to "used", and gives the key the window
  as TTL (the newest call leaves the window when the key expires, so idle keys vanish). A denied call
  adds nothing and leaves the TTL alone: denials cost nothing.

  KEYS[1]  the sorted set of one key and window length
  ARGV[1]  limit: units allowed per window (1..1e6)
  ARGV[2]  window length in milliseconds
  ARGV[3]  cost of this call in units (1..limit)
  Returns  {1 allowed / 0 denied, units left after the call (limit - used, at least 0),
            ms until the oldest counted call leaves the window (when remaining next grows; 0: none counted)}
  TIME before a write is allowed: scripts replicate by their effects (default since Redis 5, the only
  mode since 7), so replicas and the AOF get the computed ZADD, not a second clock read.
]]
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local USED = 'used'
-- ZREM takes the expired members in batches: bounded Lua memory when a burst leaves the window at once
local TRIM_BATCH = 1000

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- '%.0f': tostring would print large numbers in exponent form
local cutoff = string.format('%.0f', now - window)

local freed = 0
repeat
  local expired = redis.call('ZRANGEBYSCORE', key, '(0', cutoff, 'LIMIT', 0, TRIM_BATCH)
  if #expired > 0 then
    for _, member in ipairs(expired) do
      freed = freed + tonumber(string.match(member, '^(%d+)@'))
    end
    redis.call('ZREM', key, unpack(expired))
  end
until #expired < TRIM_BATCH
if freed > 0 then
  redis.call('ZINCRBY', key, freed, USED)
end
local used = -(tonumber(redis.call('ZSCORE', key, USED)) or 0)

local allowed = 0
if used + cost <= limit then
  local member = cost .. '@' .. t[1] .. string.format('%06d', tonumber(t[2]))
  if redis.call('ZSCORE', key, member) then
    local n = 1
    while redis.call('ZSCORE', key, member .. '#' .. n) do
      n = n + 1
    end
    member = member .. '#' .. n
  end
  redis.call('ZADD', key, string.format('%.0f', now), member)
  redis.call('ZINCRBY', key, -cost, USED)
  redis.call('PEXPIRE', key, window)
  used = used + cost
  allowed = 1
end

local resetMs = 0
local oldest = redis.call('ZRANGEBYSCORE', key, '(0', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
if #oldest > 0 then
  resetMs = tonumber(oldest[2]) + window - now
end
return {allowed, math.max(0, limit - used), resetMs}
