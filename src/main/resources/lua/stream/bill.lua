--[[
  The billing effect of one order, applied once per orderId: the user's profile hash gets `orders` + 1
  and `spent` + the amount, and the profile's version (its ETag) moves on as with any write. `spent` is
  kept as a decimal string with two places ("99.99"), computed here from integer cents (no float drift),
  and carries the profile's string marker so it reads back as a string. A marker with the entry id
  records that the order was billed; a redelivery within its retention changes nothing.

  KEYS[1]  the profile hash (user:{userId})
  KEYS[2]  the order's billing marker (same hash tag {userId})
  ARGV[1]  the amount in cents (a positive integer)
  ARGV[2]  the marker's retention in milliseconds
  ARGV[3]  the stream entry id
  Returns  {'billed', orders, spent}, {'duplicate', entry id that billed it} or {'conflict', reason}
]]
--- @include "include/profile_fields"
local key = KEYS[1]

local done = redis.call('GET', KEYS[2])
if done then
  return {'duplicate', done}
end
local cents = tonumber(ARGV[1])

-- everything is checked before the first write, so a refusal changes nothing
local orders = redis.call('HGET', key, 'orders')
if orders and (redis.call('HEXISTS', key, STRING_MARKER .. 'orders') == 1 or not string.match(orders, '^%d+$')) then
  return {'conflict', 'the profile field orders is not a whole number'}
end
local spentCents = 0
local spent = redis.call('HGET', key, 'spent')
if spent then
  local whole, fraction = string.match(spent, '^(%d+)%.(%d%d)$')
  if not whole then
    whole = string.match(spent, '^(%d+)$')
    fraction = '00'
  end
  if not whole then
    return {'conflict', 'the profile field spent is not a decimal amount'}
  end
  spentCents = tonumber(whole) * 100 + tonumber(fraction)
end
spentCents = spentCents + cents
local spentText = string.format('%d.%02d', math.floor(spentCents / 100), spentCents % 100)

local newOrders = redis.call('HINCRBY', key, 'orders', 1)
redis.call('HSET', key, 'spent', spentText, STRING_MARKER .. 'spent', '1')
if redis.call('HEXISTS', key, VERSION_FIELD) == 1 then
  redis.call('HINCRBY', key, VERSION_FIELD, 1)
else
  local now = redis.call('TIME')
  redis.call('HSET', key, VERSION_FIELD, now[1] .. string.sub('000000' .. now[2], -6))
end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
return {'billed', tostring(newOrders), spentText}
