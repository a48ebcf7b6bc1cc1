--[[
Shared by the scripts that move jobs into waiting or out of active: job groups. Ungrouped jobs wait in the
queue's waiting set; a group's jobs wait in a set of their own (the group key prefix plus its name, scored
like waiting: priority first, FIFO within one). A group with waiting jobs is in the index of group names and
in one of: the round-robin ring (scored by the sequence of its last turn: the lowest goes next), the maxed
set (at its concurrency limit until one of its jobs leaves active) or the limited set (scored by when its
rate window reopens). The grouped counter counts waiting grouped jobs and the active hash running jobs per
group; both lose a group's entry at zero, so a group without jobs leaves nothing behind.
Callers pass a table Q of key names: waiting, seq, ring, maxed, limited, names, grouped, groupActive, wake,
and the strings groupPrefix and wakeTtl (each function uses some of them).
]]
local function wakeOne(Q)
  if redis.call('LLEN', Q.wake) == 0 then
    redis.call('RPUSH', Q.wake, '1')
    redis.call('PEXPIRE', Q.wake, Q.wakeTtl)
  end
end

-- group is false (or '') for an ungrouped job
local function pushWaiting(Q, id, priority, group)
  local seq = redis.call('INCR', Q.seq)
  local score = string.format('%.0f', -priority * 1099511627776 + seq)
  if not group or group == '' then
    redis.call('ZADD', Q.waiting, score, id)
    return
  end
  redis.call('ZADD', Q.groupPrefix .. group, score, id)
  redis.call('INCR', Q.grouped)
  -- a group that had no waiting jobs joins the back of the ring, unless it is parked at a limit
  if redis.call('ZADD', Q.names, 'NX', 0, group) == 1 and redis.call('SISMEMBER', Q.maxed, group) == 0
      and not redis.call('ZSCORE', Q.limited, group) then
    redis.call('ZADD', Q.ring, seq, group)
  end
end

local function groupEmptied(Q, group)
  redis.call('ZREM', Q.names, group)
  redis.call('ZREM', Q.ring, group)
  redis.call('ZREM', Q.limited, group)
end

-- the group's next job id (false when it has none), taken out of waiting
local function popGroup(Q, group)
  local popped = redis.call('ZPOPMIN', Q.groupPrefix .. group)
  if #popped > 0 and redis.call('DECR', Q.grouped) <= 0 then
    redis.call('DEL', Q.grouped)
  end
  if redis.call('EXISTS', Q.groupPrefix .. group) == 0 then
    groupEmptied(Q, group)
  end
  return popped[1] or false
end

-- a waiting job leaves its group's set (deleted): true when it was there
local function removeWaiting(Q, id, group)
  if redis.call('ZREM', Q.groupPrefix .. group, id) == 0 then
    return false
  end
  if redis.call('DECR', Q.grouped) <= 0 then
    redis.call('DEL', Q.grouped)
  end
  if redis.call('EXISTS', Q.groupPrefix .. group) == 0 then
    groupEmptied(Q, group)
  end
  return true
end

-- a job of the group left active: one fewer running, and a group parked at its concurrency limit gets turns again
local function releaseGroup(Q, group)
  if redis.call('HINCRBY', Q.groupActive, group, -1) <= 0 then
    redis.call('HDEL', Q.groupActive, group)
  end
  if redis.call('SREM', Q.maxed, group) == 1 and redis.call('ZSCORE', Q.names, group) then
    redis.call('ZADD', Q.ring, redis.call('INCR', Q.seq), group)
    wakeOne(Q)
  end
end
