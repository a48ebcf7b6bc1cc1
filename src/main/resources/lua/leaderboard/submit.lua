--[[
  Writes a member's score on the board's current period (by this Redis' TIME), in one atomic step:
  set replaces it, incr adds to it, best keeps the higher of the two. A write that changes the score
  gives the member a new reach time (ties rank who reached the score first); one that leaves it as it
  was changes nothing, not even the reach time. A changed periodic board's keys expire `retention`
  seconds after the period ends; a change is published on the board's channel as
  {"board","member","score","rank"[,"period"]}.

  KEYS[1]  leaderboard:{board}:settings   hash: reset -> never|daily|weekly|monthly (absent: never)
  KEYS[2]  leaderboard:{board}:           prefix of the entry keys (see include/leaderboard_board)
  ARGV[1]  member
  ARGV[2]  score (set, best) or increment (incr): decimal text of a finite double within +-ARGV[4]
  ARGV[3]  mode: set | incr | best
  ARGV[4]  the largest score magnitude a board holds (an incr past it writes nothing)
  ARGV[5]  retention of a daily period after it ends, seconds
  ARGV[6]  the same for a weekly period
  ARGV[7]  the same for a monthly period
  ARGV[8]  the channel of change events
  ARGV[9]  the board's name, for the event
  ARGV[10] PUBLISH, or SPUBLISH where Pub/Sub is sharded (the channel shares the board's hash tag)
  Returns  {'ok', score as text, rank (0 = highest), 1 when the board changed else 0, period ('' for never)}
           or {'out-of-range'} when an incr would leave the range (nothing written)
]]
--- @include "include/leaderboard_board"
local RETENTION_ARG = {daily = 5, weekly = 6, monthly = 7}
local member, given, mode = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local time = redis.call('TIME')
local seconds = tonumber(time[1])
local reset, period, nextDay = resolve('', '', seconds)
local scores, reached = boardKeys(period)

local entry = entryOf(reached, member)
local oldText = entry and redis.call('ZSCORE', scores, entry)
local old = oldText and tonumber(oldText)
local new
if mode == 'incr' then
  new = (old or 0) + given
  if math.abs(new) > tonumber(ARGV[4]) then
    return {'out-of-range'}
  end
elseif mode == 'best' and old and old >= given then
  new = old
else
  new = given
end
if new == 0 then
  -- -0 and 0 are one score
  new = 0
end

local changed = not old or new ~= old
if changed then
  local clock = tonumber(redis.call('HGET', reached, CLOCK) or 0)
  local at = math.max(seconds * 1000000 + tonumber(time[2]), clock + 1)
  if entry then
    redis.call('ZREM', scores, entry)
  end
  entry = tie(at) .. member
  -- %.17g: Lua's tostring keeps 14 digits, which would round the score
  redis.call('ZADD', scores, string.format('%.17g', new), entry)
  local atText = string.format('%d', at)
  redis.call('HSET', reached, member, atText, CLOCK, atText)
  if nextDay then
    local expireAt = nextDay * DAY_SECONDS + tonumber(ARGV[RETENTION_ARG[reset]])
    redis.call('EXPIREAT', scores, expireAt)
    redis.call('EXPIREAT', reached, expireAt)
  end
end

local rank = redis.call('ZREVRANK', scores, entry)
local scoreText = redis.call('ZSCORE', scores, entry)
if changed then
  publishChange(ARGV[10], ARGV[8], ARGV[9], member, ',"score":' .. scoreText .. ',"rank":' .. rank, period)
end
return {'ok', scoreText, rank, changed and 1 or 0, period}
