--[[
Redlock mode: raises a node's fence counter to the fence a majority granted (never lowers it). After
this, every node of the granting majority has counter >= that fence, and any later majority shares a
node with it, so the next acquisition's max fence is strictly greater.
KEYS[1] fence counter lock:{res}:fence (durable, no TTL)
ARGV[1] the fence issued for the acquisition (max over the granting nodes)
Returns the node's counter after the call.
]]
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local floor = tonumber(ARGV[1])
if current < floor then
  redis.call('SET', KEYS[1], ARGV[1])
  return floor
end
return current
