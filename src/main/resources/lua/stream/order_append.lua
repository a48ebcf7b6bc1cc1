--[[
  Appends an order to the orders stream unless its orderId was posted within the retention: the
  marker check and the XADD are one step, so two concurrent posts of one orderId append one entry.

  KEYS[1]  the orders stream
  KEYS[2]  the orderId's marker (same hash tag as the stream), holding the first entry id
  ARGV[1]  the marker's retention in milliseconds
  ARGV[2]  MAXLEN ~ of the stream
  ARGV[3..] the entry's field/value pairs
  Returns  {1, new entry id} or {0, the first entry id}
]]
local first = redis.call('GET', KEYS[2])
if first then
  return {0, first}
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3))
redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
return {1, id}
