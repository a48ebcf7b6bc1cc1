--[[
  XACK for a group that must exist: an unknown stream or group is reported, not answered with 0.

  KEYS[1]  the stream
  ARGV[1]  the group
  ARGV[2..] entry ids
  Returns  {'ok', acked count}, {'no-stream'} or {'no-group'}
]]
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'no-stream'}
end
local found = false
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  for i = 1, #g, 2 do
    if g[i] == 'name' and g[i + 1] == ARGV[1] then
      found = true
    end
  end
end
if not found then
  return {'no-group'}
end
local ids = {}
for i = 2, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
return {'ok', redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))}
