--[[
  One page of a board, highest score first (ties: who reached the score first), with the board's size.

  KEYS[1]  leaderboard:{board}:settings   hash: reset (absent: never)
  KEYS[2]  leaderboard:{board}:           prefix of the entry keys (see include/leaderboard_board)
  ARGV[1]  kind of the period asked for: daily | weekly | monthly, or '' for the current period
  ARGV[2]  the period's id (2026-11-29, 2026-W48, 2026-11), or ''
  ARGV[3]  offset: rank of the first entry
  ARGV[4]  limit: most entries
  Returns  {'ok', reset, period, size, member, score, member, score, ...} (scores as text)
           or {'wrong-period', reset} when the kind asked for is not the board's
]]
--- @readonly
--- @include "include/leaderboard_board"
local reset, period = resolve(ARGV[1], ARGV[2], ARGV[1] == '' and nowSeconds() or 0)
if not period then
  return {'wrong-period', reset}
end
local scores = boardKeys(period)
local out = {'ok', reset, period, redis.call('ZCARD', scores)}
local offset = tonumber(ARGV[3])
appendEntries(out, scores, offset, offset + tonumber(ARGV[4]) - 1)
return out
