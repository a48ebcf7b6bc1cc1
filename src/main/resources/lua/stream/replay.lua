--[[
  Appends a dead letter's original entry to its stream again (a new id) and removes the dead letter.

  KEYS[1]  the stream
  KEYS[2]  its dead-letter stream (same hash tag)
  ARGV[1]  the dead letter's id
  ARGV[2]  MAXLEN ~ of the stream
  Returns  the new entry id, or false when there is no such dead letter
]]
local entry = redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1])
if #entry == 0 then
  return false
end
local stored = entry[1][2]
local fields
for i = 1, #stored, 2 do
  if stored[i] == 'fields' then
    fields = cjson.decode(stored[i + 1])
  end
end
if not fields or #fields == 0 then
  return redis.error_reply('EMPTY the dead letter has no entry to replay')
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
redis.call('XDEL', KEYS[2], ARGV[1])
return id
