--[[
  Reads a session and, when asked, slides its expiry back to the full original TTL (stored in the value).

  KEYS[1]  the session string (JSON: userId, data, ttlSeconds, createdAt)
  ARGV[1]  "1" to touch (reset the TTL to ttlSeconds), "0" to only read
  Returns  {value, remaining ttl in ms} or nil when the session is gone
]]
local value = redis.call('GET', KEYS[1])
if not value then
  return nil
end
if ARGV[1] == '1' then
  local ttl = tonumber(cjson.decode(value)['ttlSeconds'])
  if ttl and ttl > 0 then
    redis.call('EXPIRE', KEYS[1], ttl)
  end
end
return {value, redis.call('PTTL', KEYS[1])}
