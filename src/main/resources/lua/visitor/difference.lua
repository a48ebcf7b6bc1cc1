--[[
  Visitors of one day that were not in another day's set: the exact count and at most `limit` members.

  With ARGV[2] = "1" (Redis 7.0+) the count is SCARD(day) - SINTERCARD(day, previous), and the members
  come from walking the day's set with SSCAN until `limit` non-members of the previous day are found,
  so the difference is never built in memory. With "0" (Redis 6.2) SDIFF builds it and the script
  returns its size and the first `limit` members.

  KEYS[1]  the day's set
  KEYS[2]  the previous day's set (same hash tag)
  ARGV[1]  limit (>= 1)
  ARGV[2]  "1" to use SINTERCARD, "0" for the SDIFF path
  Returns  {count, {member, ...}}
]]
--- @readonly
local limit = tonumber(ARGV[1])

if ARGV[2] ~= '1' then
  local all = redis.call('SDIFF', KEYS[1], KEYS[2])
  local members = {}
  for i = 1, math.min(limit, #all) do
    members[i] = all[i]
  end
  return {#all, members}
end

local count = redis.call('SCARD', KEYS[1]) - redis.call('SINTERCARD', 2, KEYS[1], KEYS[2])
if count <= limit then
  return {count, redis.call('SDIFF', KEYS[1], KEYS[2])}
end

local members, seen, cursor = {}, {}, '0'
repeat
  local page = redis.call('SSCAN', KEYS[1], cursor, 'COUNT', 200)
  cursor = page[1]
  for _, member in ipairs(page[2]) do
    if not seen[member] and redis.call('SISMEMBER', KEYS[2], member) == 0 then
      seen[member] = true
      members[#members + 1] = member
      if #members >= limit then
        return {count, members}
      end
    end
  end
until cursor == '0'
return {count, members}
