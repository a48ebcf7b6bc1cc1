--[[
  Visitors present in every given day's set: the exact count and at most `limit` of the members.

  With ARGV[2] = "1" (Redis 7.0+) the count comes from SINTERCARD and, when it exceeds the limit, the
  members are found by walking the smallest set with SSCAN until `limit` common members are found,
  so the intersection is never built in memory. With "0" (Redis 6.2) SINTER builds it and the script
  returns its size and the first `limit` members; only those cross the network either way.

  KEYS[1..n]  the day sets (one hash tag)
  ARGV[1]     limit (>= 1)
  ARGV[2]     "1" to use SINTERCARD, "0" for the SINTER path
  Returns     {count, {member, ...}}
]]
--- @readonly
local limit = tonumber(ARGV[1])

if ARGV[2] ~= '1' then
  local all = redis.call('SINTER', unpack(KEYS))
  local members = {}
  for i = 1, math.min(limit, #all) do
    members[i] = all[i]
  end
  return {#all, members}
end

local count = redis.call('SINTERCARD', #KEYS, unpack(KEYS))
if count <= limit then
  return {count, redis.call('SINTER', unpack(KEYS))}
end

local smallest, smallestSize = 1, nil
for i = 1, #KEYS do
  local size = redis.call('SCARD', KEYS[i])
  if smallestSize == nil or size < smallestSize then
    smallest, smallestSize = i, size
  end
end

local members, seen, cursor = {}, {}, '0'
repeat
  local page = redis.call('SSCAN', KEYS[smallest], cursor, 'COUNT', 200)
  cursor = page[1]
  for _, member in ipairs(page[2]) do
    if not seen[member] then
      seen[member] = true
      local everywhere = true
      for i = 1, #KEYS do
        if i ~= smallest and redis.call('SISMEMBER', KEYS[i], member) == 0 then
          everywhere = false
          break
        end
      end
      if everywhere then
        members[#members + 1] = member
        if #members >= limit then
          return {count, members}
        end
      end
    end
  end
until cursor == '0'
return {count, members}
