--[[
  Fragment, included by the leaderboard scripts (not a script of its own).
  Expects KEYS[1] (the board's settings hash) and KEYS[2] (the prefix of its entry keys; same hash tag).

  A board (or one period of a periodic board) is two keys below KEYS[2]:
    scores[:<period>]   sorted set: the entry tie(t) .. member, scored with the member's score
    reached[:<period>]  hash: member -> t, and '#clock' -> the last t handed out on this board
  t is the microsecond, by this Redis' TIME, at which the member reached its score, made strictly
  increasing per board (max(TIME, last t + 1)), so no two entries of a board share a t.
  tie(t) is 2^53 - 1 - t in 16 zero-padded digits. Entries of equal score are ordered by their text,
  and ZREVRANGE/ZREVRANK read that order backwards: descending tie(t), ascending t, so of two members
  with one score the one that reached it first ranks higher. The score itself is the set's own double,
  untouched. '#' cannot start a member name (the name rule), so '#clock' never collides with one.

  Periods come from the same TIME, in UTC: daily 2026-11-29, weekly (ISO 8601) 2026-W48, monthly
  2026-11; a board that never resets has the period '' (keys without a suffix).
]]
local TIE_MAX = 9007199254740991
local TIE_WIDTH = 16
local CLOCK = '#clock'
local DAY_SECONDS = 86400

local function tie(t)
  return string.format('%016d', TIE_MAX - t)
end

local function memberOf(entry)
  return string.sub(entry, TIE_WIDTH + 1)
end

-- Howard Hinnant's civil_from_days / days_from_civil: days since 1970-01-01 <-> proleptic Gregorian date
local function civil(days)
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then
    y = y + 1
  end
  return y, m, d
end

local function daysFromCivil(y, m, d)
  if m <= 2 then
    y = y - 1
  end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- The period of kind `reset` that holds day `days`: its id, and the first day after it ('' and nil for never).
local function periodOf(reset, days)
  if reset == 'daily' then
    local y, m, d = civil(days)
    return string.format('%04d-%02d-%02d', y, m, d), days + 1
  elseif reset == 'weekly' then
    local monday = days - (days + 3) % 7
    -- an ISO week belongs to the year of its Thursday
    local y = civil(monday + 3)
    local week = math.floor((monday + 3 - daysFromCivil(y, 1, 1)) / 7) + 1
    return string.format('%04d-W%02d', y, week), monday + 7
  elseif reset == 'monthly' then
    local y, m = civil(days)
    local nextMonth = m == 12 and daysFromCivil(y + 1, 1, 1) or daysFromCivil(y, m + 1, 1)
    return string.format('%04d-%02d', y, m), nextMonth
  end
  return '', nil
end

local function resetOf()
  return redis.call('HGET', KEYS[1], 'reset') or 'never'
end

-- The board's reset and the period a call is about: the one asked for (kind and id), or with kind ''
-- the current one at `seconds` (Redis TIME). Returns reset, period, first day after it (current only);
-- the period is nil when the kind asked for is not the board's.
local function resolve(kind, id, seconds)
  local reset = resetOf()
  if kind ~= '' then
    if kind ~= reset then
      return reset, nil, nil
    end
    return reset, id, nil
  end
  local period, nextDay = periodOf(reset, math.floor(seconds / DAY_SECONDS))
  return reset, period, nextDay
end

local function boardKeys(period)
  local suffix = period == '' and '' or ':' .. period
  return KEYS[2] .. 'scores' .. suffix, KEYS[2] .. 'reached' .. suffix
end

local function nowSeconds()
  return tonumber(redis.call('TIME')[1])
end

-- The member's entry in the sorted set, or nil.
local function entryOf(reached, member)
  local t = redis.call('HGET', reached, member)
  return t and (tie(tonumber(t)) .. member) or nil
end

-- Appends member, score pairs of ranks from..to (highest first) to `out`.
local function appendEntries(out, scores, from, to)
  local flat = redis.call('ZREVRANGE', scores, from, to, 'WITHSCORES')
  for i = 1, #flat, 2 do
    out[#out + 1] = memberOf(flat[i])
    out[#out + 1] = flat[i + 1]
  end
end

-- A change event for the live feed: tiny JSON; names follow the name rule, so nothing needs escaping.
local function publishChange(command, channel, board, member, fields, period)
  local event = '{"board":"' .. board .. '","member":"' .. member .. '"' .. fields
  if period ~= '' then
    event = event .. ',"period":"' .. period .. '"'
  end
  redis.call(command, channel, event .. '}')
end
