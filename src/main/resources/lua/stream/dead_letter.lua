--[[
  Moves one pending entry to the stream's dead letters with its last error, and acks it, in one step.

  KEYS[1]  the stream
  KEYS[2]  its dead-letter stream (same hash tag)
  KEYS[3]  the group's last-error hash (same hash tag)
  ARGV[1]  the group
  ARGV[2]  the entry id
  ARGV[3]  how many times it was delivered
  ARGV[4]  MAXLEN ~ of the dead-letter stream
  ARGV[5]  the error to record when none was stored
  Returns  the dead letter's id
]]
local entry = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
local fields = {}
if #entry > 0 then
  fields = entry[1][2]
end
local err = redis.call('HGET', KEYS[3], ARGV[2]) or ARGV[5]
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*',
  'originalId', ARGV[2], 'group', ARGV[1], 'deliveries', ARGV[3], 'error', err,
  'fields', cjson.encode(fields))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
return id
