--[[
  An experiment's arms with their weights, member counts and, when asked, a random sample of members.

  KEYS[1]  experiment:{name}:arms   hash arm -> weight
  KEYS[2]  experiment:{name}:arm:   prefix of the per-arm member sets (KEYS[2] .. arm, same hash tag)
  ARGV[1]  sample size per arm (0 = none)
  Returns  {arm, weight, members, {sample...}, arm, ...} in arm-name order, or nil when the experiment
           does not exist
]]
--- @readonly
local flat = redis.call('HGETALL', KEYS[1])
if #flat == 0 then
  return nil
end
local sample = tonumber(ARGV[1])
local names, weights = {}, {}
for i = 1, #flat, 2 do
  names[#names + 1] = flat[i]
  weights[flat[i]] = flat[i + 1]
end
table.sort(names)

local out = {}
for _, name in ipairs(names) do
  local set = KEYS[2] .. name
  out[#out + 1] = name
  out[#out + 1] = tonumber(weights[name])
  out[#out + 1] = redis.call('SCARD', set)
  if sample > 0 then
    out[#out + 1] = redis.call('SRANDMEMBER', set, sample)
  else
    out[#out + 1] = {}
  end
end
return out
