--[[
  A member's score and rank on a board, with the entries around it.

  KEYS[1]  leaderboard:{board}:settings   hash: reset (absent: never)
  KEYS[2]  leaderboard:{board}:           prefix of the entry keys (see include/leaderboard_board)
  ARGV[1]  member
  ARGV[2]  kind of the period asked for: daily | weekly | monthly, or '' for the current period
  ARGV[3]  the period's id, or ''
  ARGV[4]  around: how many ranks above and below the member to list (0 = the member alone)
  Returns  {'ok', reset, period, score, rank, rank of the window's first entry, member, score, ...}
           (scores as text), {'absent', reset, period} when the member is not on the board,
           or {'wrong-period', reset} when the kind asked for is not the board's
]]
--- @readonly
--- @include "include/leaderboard_board"
local member = ARGV[1]
local reset, period = resolve(ARGV[2], ARGV[3], ARGV[2] == '' and nowSeconds() or 0)
if not period then
  return {'wrong-period', reset}
end
local scores, reached = boardKeys(period)
local entry = entryOf(reached, member)
local score = entry and redis.call('ZSCORE', scores, entry)
if not score then
  return {'absent', reset, period}
end
local rank = redis.call('ZREVRANK', scores, entry)
local around = tonumber(ARGV[4])
local from = math.max(0, rank - around)
local out = {'ok', reset, period, score, rank, from}
appendEntries(out, scores, from, rank + around)
return out
