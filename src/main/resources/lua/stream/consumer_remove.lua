--[[
  Removes a group's consumer that left: only when it still has nothing pending and is idle past the
  threshold (checked in the same step, so a consumer that just came back keeps its name).

  KEYS[1]  the stream
  ARGV[1]  the group
  ARGV[2]  the consumer
  ARGV[3]  the idle threshold in milliseconds
  Returns  1 when removed, 0 otherwise
]]
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local name, pending, idle
  for i = 1, #c, 2 do
    if c[i] == 'name' then name = c[i + 1] end
    if c[i] == 'pending' then pending = c[i + 1] end
    if c[i] == 'idle' then idle = c[i + 1] end
  end
  if name == ARGV[2] then
    if pending == 0 and idle > tonumber(ARGV[3]) then
      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
      return 1
    end
    return 0
  end
end
return 0
