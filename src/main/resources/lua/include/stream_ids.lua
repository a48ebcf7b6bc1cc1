--[[
  Fragment, included by the realtime scripts (not a script of its own): stream ids "<ms>-<seq>"
  compared as numbers (a string compare gets "9-0" < "10-0" wrong).
]]
local function stream_id_less(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end
