--[[
  One consistent view of a stream: XINFO STREAM, XINFO GROUPS and each group's XINFO CONSUMERS (through
  KEYS[1], so a cluster routes it by its key). Where XINFO gives a group no lag (6.2 has no such field;
  7.0 reports nil when an entry inside the unread range was deleted) the unread entries after its last
  delivered id are counted here, up to ARGV[1].

  KEYS[1]  the stream
  ARGV[1]  the most unread entries to count for a group's lag on 6.2
  Returns  false when there is no stream; else {stream info, {{group info, consumers, counted lag or -1}...}}
           with each info a flat field/value list
]]
--- @readonly
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local groups = {}
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local name, lastDelivered, lag = nil, nil, false
  for i = 1, #g, 2 do
    if g[i] == 'name' then name = g[i + 1] end
    if g[i] == 'last-delivered-id' then lastDelivered = g[i + 1] end
    if g[i] == 'lag' then lag = g[i + 1] end
  end
  local counted = -1
  -- a nil reply reads as false in Lua
  if not lag then
    if lastDelivered == '0-0' then
      counted = redis.call('XLEN', KEYS[1])
    else
      counted = #redis.call('XRANGE', KEYS[1], '(' .. lastDelivered, '+', 'COUNT', ARGV[1])
    end
  end
  groups[#groups + 1] = {g, redis.call('XINFO', 'CONSUMERS', KEYS[1], name), counted}
end
return {info, groups}
