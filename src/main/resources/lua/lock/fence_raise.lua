--[[
Redlock mode: raises a node's last fence to the fence a majority granted (never lowers it). After this,
every node of the granting majority has a last fence >= that fence, and any later majority shares a node
with it, so the next acquisition's max fence is strictly greater. (Should the nodes lose their data, the
clock floor of acquire.lua still keeps fences rising, given clocks that agree, see the README.)
KEYS[1] fence key lock:{res}:fence (durable, no TTL)
ARGV[1] the fence issued for the acquisition (max over the granting nodes)
Returns the node's last fence after the call.
]]
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local granted = tonumber(ARGV[1])
if current < granted then
  redis.call('SET', KEYS[1], ARGV[1])
  return granted
end
return current
