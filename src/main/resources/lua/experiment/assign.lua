--[[
  Sticky weighted assignment of a user to an experiment arm, atomic so concurrent calls for one user
  agree: the user's recorded arm wins; otherwise the caller's hash bucket is mapped onto the CURRENT
  weights (arms in name order, cumulative weights), recorded with HSETNX and the user added to the arm's
  member set. Later weight changes therefore never move an assigned user.

  KEYS[1]  experiment:{name}:arms         hash arm -> weight
  KEYS[2]  experiment:{name}:assignments  hash userId -> arm
  KEYS[3]  experiment:{name}:arm:         prefix of the per-arm member sets; the set key is KEYS[3] .. arm
                                          (same hash tag, so the derived key lives in the same slot)
  ARGV[1]  userId
  ARGV[2]  the user's hash: a whole number in [0, 2^40), deterministic per (experiment, userId)
  Returns  {arm, 1 if assigned now / 0 if already assigned}, or nil when the experiment does not exist
]]
local flat = redis.call('HGETALL', KEYS[1])
if #flat == 0 then
  return nil
end

local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then
  return {existing, 0}
end

local names, weights, total = {}, {}, 0
for i = 1, #flat, 2 do
  names[#names + 1] = flat[i]
  weights[flat[i]] = tonumber(flat[i + 1])
end
table.sort(names)
for _, name in ipairs(names) do
  total = total + weights[name]
end

local bucket = tonumber(ARGV[2]) % total
local arm = names[#names]
local upper = 0
for _, name in ipairs(names) do
  upper = upper + weights[name]
  if bucket < upper then
    arm = name
    break
  end
end

redis.call('HSETNX', KEYS[2], ARGV[1], arm)
redis.call('SADD', KEYS[3] .. arm, ARGV[1])
return {arm, 1}
