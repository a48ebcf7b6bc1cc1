-- The sizes of a queue's states, and whether it is paused, in one consistent read.
-- KEYS: 1 waiting, 2 delayed, 3 active, 4 completed, 5 failed, 6 paused
-- Returns: {paused, waiting, delayed, active, completed, failed}
local out = {redis.call('EXISTS', KEYS[6])}
for i = 1, 5 do
  out[#out + 1] = redis.call('ZCARD', KEYS[i])
end
return out
