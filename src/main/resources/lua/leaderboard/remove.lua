--[[
  Removes a member from a board (its current period, or the one asked for) and publishes
  {"board","member","removed":true[,"period"]} on the board's channel when it was there.

  KEYS[1]  leaderboard:{board}:settings   hash: reset (absent: never)
  KEYS[2]  leaderboard:{board}:           prefix of the entry keys (see include/leaderboard_board)
  ARGV[1]  member
  ARGV[2]  kind of the period asked for: daily | weekly | monthly, or '' for the current period
  ARGV[3]  the period's id, or ''
  ARGV[4]  the channel of change events
  ARGV[5]  the board's name, for the event
  ARGV[6]  PUBLISH, or SPUBLISH where Pub/Sub is sharded (the channel shares the board's hash tag)
  Returns  {'ok', 1 when the member was removed / 0 when it was not there, period}
           or {'wrong-period', reset} when the kind asked for is not the board's
]]
--- @include "include/leaderboard_board"
local member = ARGV[1]
local reset, period = resolve(ARGV[2], ARGV[3], ARGV[2] == '' and nowSeconds() or 0)
if not period then
  return {'wrong-period', reset}
end
local scores, reached = boardKeys(period)
local entry = entryOf(reached, member)
if not entry then
  return {'ok', 0, period}
end
local removed = redis.call('ZREM', scores, entry)
redis.call('HDEL', reached, member)
if redis.call('ZCARD', scores) == 0 then
  -- only the clock is left; an empty board needs no tie order
  redis.call('DEL', reached)
end
if removed == 1 then
  publishChange(ARGV[6], ARGV[4], ARGV[5], member, ',"removed":true', period)
end
return {'ok', removed, period}
