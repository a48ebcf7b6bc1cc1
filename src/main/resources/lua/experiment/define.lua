--[[
  Creates an experiment or replaces its arms and weights. Assignments already made stay as they are.

  KEYS[1]  experiment:{name}:arms   hash arm -> weight
  ARGV     arm, weight, arm, weight, ...
  Returns  1 when the experiment was created, 0 when its arms were replaced
]]
local existed = redis.call('EXISTS', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1 - existed
