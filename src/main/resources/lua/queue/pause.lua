--[[
Pauses (ARGV[1] = 1) or resumes a queue; resuming wakes a blocked worker when jobs wait.
KEYS: 1 paused flag (durable: a paused queue stays paused), 2 waiting, 3 wake-up list, 4 group ring
ARGV: 1 pause (1/0), 2 wake-up list TTL ms
Returns: 1
]]
if ARGV[1] == '1' then
  redis.call('SET', KEYS[1], '1')
else
  redis.call('DEL', KEYS[1])
  if (redis.call('ZCARD', KEYS[2]) > 0 or redis.call('ZCARD', KEYS[4]) > 0) and redis.call('LLEN', KEYS[3]) == 0 then
    redis.call('RPUSH', KEYS[3], '1')
    redis.call('PEXPIRE', KEYS[3], ARGV[2])
  end
end
return 1
