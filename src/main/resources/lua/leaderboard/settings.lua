--[[
  Reads a board's settings, or stores a new reset first. Settings are durable (no TTL); a board that
  was never configured resets never. Changing the reset leaves the entries of the old kind in place
  (each kind of period has keys of its own), so changing it back shows them again.

  KEYS[1]  leaderboard:{board}:settings   hash: reset (absent: never)
  KEYS[2]  leaderboard:{board}:           prefix of the entry keys (see include/leaderboard_board)
  ARGV[1]  the new reset: never | daily | weekly | monthly, or '' to only read
  Returns  {reset, current period ('' for never), size of the current period's board}
]]
--- @include "include/leaderboard_board"
if ARGV[1] ~= '' then
  redis.call('HSET', KEYS[1], 'reset', ARGV[1])
end
local reset, period = resolve('', '', nowSeconds())
return {reset, period, redis.call('ZCARD', (boardKeys(period)))}
