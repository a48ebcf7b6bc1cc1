--[[
  The billing effect of one order, applied once per orderId: the user's profile hash gets `orders` + 1
  and `spent` + the amount, and the profile's version (its ETag) moves on as with any write. `spent` is
  kept as a decimal string with two places ("99.99"), computed here from integer cents (no float drift),
  and carries the profile's string marker so it reads back as a string. A marker with the entry id
  records that the order was billed; a redelivery within its retention changes nothing. This runs once
  per order and each call inside a script costs Redis time, so it makes three: the marker is set first
  (SET NX, which also tells a redelivery), then one read (HMGET) and one write (HSET) of the hash. A
  refusal removes the marker again before it returns, so it still changes nothing.

  KEYS[1]  the profile hash (user:{userId})
  KEYS[2]  the order's billing marker (same hash tag {userId})
  ARGV[1]  the amount in cents (a positive integer)
  ARGV[2]  the marker's retention in milliseconds
  ARGV[3]  the stream entry id
  Returns  {'billed', orders, spent}, {'duplicate', entry id that billed it} or {'conflict', reason}
]]
--- @include "include/profile_fields"
local key = KEYS[1]

if not redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[2]) then
  return {'duplicate', redis.call('GET', KEYS[2])}
end
local function refuse(reason)
  redis.call('DEL', KEYS[2])
  return {'conflict', reason}
end

-- everything is checked before the hash is written
local current = redis.call('HMGET', key, 'orders', STRING_MARKER .. 'orders', 'spent', VERSION_FIELD)
local orders, ordersIsText, spent, version = current[1], current[2], current[3], current[4]
-- up to 15 digits a count is exact as a Lua number
if orders and (ordersIsText or not string.match(orders, '^%d%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?%d?$')) then
  return refuse('the profile field orders is not a whole number')
end
local spentCents = 0
if spent then
  local whole, fraction = string.match(spent, '^(%d+)%.(%d%d)$')
  if not whole then
    whole = string.match(spent, '^(%d+)$')
    fraction = '00'
  end
  if not whole then
    return refuse('the profile field spent is not a decimal amount')
  end
  spentCents = tonumber(whole) * 100 + tonumber(fraction)
end
spentCents = spentCents + tonumber(ARGV[1])
local spentText = string.format('%d.%02d', math.floor(spentCents / 100), spentCents % 100)
local newOrders = string.format('%d', (orders and tonumber(orders) or 0) + 1)

-- the version moves on in the same HSET while a Lua number holds it exactly (below 2^53)
local newVersion
if not version then
  local now = redis.call('TIME')
  newVersion = now[1] .. string.sub('000000' .. now[2], -6)
elseif tonumber(version) and tonumber(version) < 9007199254740991 then
  newVersion = string.format('%.0f', tonumber(version) + 1)
end
if newVersion then
  redis.call('HSET', key, 'orders', newOrders, 'spent', spentText, STRING_MARKER .. 'spent', '1',
    VERSION_FIELD, newVersion)
else
  redis.call('HSET', key, 'orders', newOrders, 'spent', spentText, STRING_MARKER .. 'spent', '1')
  redis.call('HINCRBY', key, VERSION_FIELD, 1)
end
return {'billed', newOrders, spentText}
