--[[
  Registers a stream whose groups get pending/lag gauges, unless the registry is full: the check and the
  add are one step, so concurrent group creations on many replicas cannot push it past the cap.

  KEYS[1]  the registry (a set of stream names)
  ARGV[1]  the stream
  ARGV[2]  the most streams it holds
  Returns  1 when the stream is registered (now or before), 0 when the registry is full
]]
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  return 1
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
