--[[
Moves due delayed jobs to waiting and reopens rate-limited groups whose window is over, then (unless the
queue is paused) moves up to ARGV[3] jobs to active with a visibility deadline, counting the attempt and
giving each a lease token. Without groups the jobs come from the waiting set in its order. With groups the
take turns round-robin over the ring, one job per turn, the ungrouped jobs being one more member (''); a group
at its concurrency limit or over its rate is parked instead (see include/queue_groups). The queue's rate
limit caps the jobs all takers get per window.
KEYS: 1 waiting, 2 delayed, 3 active, 4 paused, 5 wake-up list, 6 sequence counter, 7 group ring, 8 maxed
groups, 9 limited groups, 10 group names, 11 grouped count, 12 active per group, 13 limits (hash)
ARGV: 1 job key prefix, 2 now ms, 3 max jobs, 4 lease ms, 5 lease token base, 6 most delayed jobs to promote
(and limited groups to reopen), 7 wake-up list TTL ms, 8 group key prefix, 9 queue rate window key prefix,
10 group rate window key prefix, then the configured limits, used unless the limits hash is set (0 = none):
11 rate max, 12 rate window ms, 13 group concurrency, 14 group rate max, 15 group rate window ms
Returns: paused (0/1); when a job may become takeable without an enqueue (the next delayed job's due time or
a limited group's reopening; -1: none); when the queue's rate window reopens if its limit cut this take short
(-1: it did not); then per job id, payload, attempts, lease.
]]
local prefix, now = ARGV[1], tonumber(ARGV[2])
local Q = {waiting = KEYS[1], wake = KEYS[5], seq = KEYS[6], ring = KEYS[7], maxed = KEYS[8], limited = KEYS[9],
  names = KEYS[10], grouped = KEYS[11], groupActive = KEYS[12], wakeTtl = ARGV[7], groupPrefix = ARGV[8]}
--- @include "include/queue_groups"
local most = tonumber(ARGV[6])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, most)) do
  redis.call('ZREM', KEYS[2], id)
  local job = prefix .. id
  local f = redis.call('HMGET', job, 'priority', 'group')
  pushWaiting(Q, id, tonumber(f[1] or '0'), f[2])
  redis.call('HSET', job, 'state', 'waiting')
end
for _, group in ipairs(redis.call('ZRANGEBYSCORE', Q.limited, '-inf', now, 'LIMIT', 0, most)) do
  redis.call('ZREM', Q.limited, group)
  if redis.call('ZSCORE', Q.names, group) then
    redis.call('ZADD', Q.ring, 'NX', redis.call('INCR', Q.seq), group)
  end
end
local out = {0, -1, -1}
if redis.call('EXISTS', KEYS[4]) == 1 then
  out[1] = 1
else
  local set = redis.call('HMGET', KEYS[13], 'set', 'rateMax', 'rateWindowMs', 'groupConcurrency', 'groupRateMax',
    'groupRateWindowMs')
  local function limit(i)
    if set[1] then
      return tonumber(set[i + 1] or '0')
    end
    return tonumber(ARGV[10 + i])
  end
  local rateMax, rateWindow, groupMax, groupRateMax, groupRateWindow = limit(1), limit(2), limit(3), limit(4), limit(5)
  local requested = tonumber(ARGV[3])
  local wanted, rateKey, rateReopens = requested, nil, -1
  if rateMax > 0 then
    local window = math.floor(now / rateWindow)
    rateKey = ARGV[9] .. window
    rateReopens = (window + 1) * rateWindow
    wanted = math.max(0, math.min(requested, rateMax - tonumber(redis.call('GET', rateKey) or '0')))
  end
  local groupRateKey, groupReopens
  if groupRateMax > 0 then
    local window = math.floor(now / groupRateWindow)
    groupRateKey = ARGV[10] .. window
    groupReopens = (window + 1) * groupRateWindow
  end
  local deadline = now + tonumber(ARGV[4])
  local count = 0
  -- two calls per job and one ZADD for all: a script's cost is mostly its number of redis.call()s
  local activated = {}
  local function activate(id, group)
    local job = prefix .. id
    local f = redis.call('HMGET', job, 'payload', 'attempts')
    if not f[1] then
      return
    end
    count = count + 1
    local attempts = tonumber(f[2] or '0') + 1
    local lease = ARGV[5] .. '.' .. count
    redis.call('HSET', job, 'state', 'active', 'lease', lease, 'deadline', deadline, 'startedAt', now,
      'attempts', attempts)
    activated[#activated + 1] = deadline
    activated[#activated + 1] = id
    if group then
      redis.call('HINCRBY', Q.groupActive, group, 1)
      if groupRateKey then
        redis.call('HINCRBY', groupRateKey, group, 1)
        redis.call('PEXPIRE', groupRateKey, groupRateWindow * 2)
      end
    end
    out[#out + 1] = id; out[#out + 1] = f[1]; out[#out + 1] = attempts; out[#out + 1] = lease
  end
  if wanted > 0 and redis.call('ZCARD', Q.ring) == 0 then
    -- no group can be served: the ungrouped jobs in their order
    local popped = redis.call('ZPOPMIN', Q.waiting, wanted)
    for i = 1, #popped, 2 do
      activate(popped[i], false)
    end
  elseif wanted > 0 then
    if redis.call('ZCARD', Q.waiting) > 0 then
      redis.call('ZADD', Q.ring, 'NX', redis.call('GET', Q.seq) or '0', '')
    end
    -- each turn takes a job or takes a member out of the ring, so this ends
    local turns = wanted + redis.call('ZCARD', Q.ring)
    while count < wanted and turns > 0 do
      turns = turns - 1
      local head = redis.call('ZRANGE', Q.ring, 0, 0)[1]
      if not head then
        break
      end
      if head == '' then
        local popped = redis.call('ZPOPMIN', Q.waiting)
        if redis.call('ZCARD', Q.waiting) == 0 then
          redis.call('ZREM', Q.ring, '')
        else
          redis.call('ZADD', Q.ring, redis.call('INCR', Q.seq), '')
        end
        if popped[1] then
          activate(popped[1], false)
        end
      elseif groupMax > 0 and tonumber(redis.call('HGET', Q.groupActive, head) or '0') >= groupMax then
        redis.call('ZREM', Q.ring, head)
        redis.call('SADD', Q.maxed, head)
      elseif groupRateKey and tonumber(redis.call('HGET', groupRateKey, head) or '0') >= groupRateMax then
        redis.call('ZREM', Q.ring, head)
        redis.call('ZADD', Q.limited, groupReopens, head)
      else
        local id = popGroup(Q, head)
        -- to the back of the ring (popGroup took an emptied group out of it)
        redis.call('ZADD', Q.ring, 'XX', redis.call('INCR', Q.seq), head)
        if id then
          activate(id, head)
        end
      end
    end
    -- the ungrouped jobs need the ring only while a group shares it
    if redis.call('ZCARD', Q.ring) == 1 and redis.call('ZSCORE', Q.ring, '') then
      redis.call('ZREM', Q.ring, '')
    end
  end
  if #activated > 0 then
    redis.call('ZADD', KEYS[3], unpack(activated))
  end
  if rateKey and count > 0 then
    redis.call('INCRBY', rateKey, count)
    redis.call('PEXPIRE', rateKey, rateWindow * 2)
  end
  if count == wanted and wanted < requested then
    -- the rate limit, not a lack of jobs, stopped this take
    out[3] = rateReopens
  elseif redis.call('ZCARD', Q.waiting) > 0 or redis.call('ZCARD', Q.ring) > 0 then
    -- more work left: keep a wake-up token for the next blocked taker (ours was consumed)
    wakeOne(Q)
  end
end
local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if #first > 0 then
  out[2] = tonumber(first[2])
end
local reopening = redis.call('ZRANGE', Q.limited, 0, 0, 'WITHSCORES')
if #reopening > 0 and (out[2] < 0 or tonumber(reopening[2]) < out[2]) then
  out[2] = tonumber(reopening[2])
end
return out
