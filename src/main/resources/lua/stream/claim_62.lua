--[[
  XAUTOCLAIM as Redis 7.0 answers it, for 6.2 (XPENDING + XCLAIM): there XAUTOCLAIM answers an entry
  deleted while pending (trimmed by MAXLEN, XDEL) with a bare nil, no id, and leaves it pending for
  ever. Here the entries idle long enough are listed with XPENDING; the deleted ones are acked (nothing
  is left to process: 7.0 drops them the same way), the others claimed with XCLAIM.

  KEYS[1]  the stream
  ARGV[1]  the group
  ARGV[2]  the consumer that claims
  ARGV[3]  the least idle time in milliseconds
  ARGV[4]  the first entry id to look at
  ARGV[5]  the most entries to look at
  Returns  {the next start id ('0-0' when done), {claimed entries}, {ids of deleted entries}}, or a
           NOGROUP error for an unknown stream or group
]]
local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], 'IDLE', ARGV[3], ARGV[4], '+', ARGV[5])
if type(pending) == 'table' and pending.err then
  if string.find(pending.err, 'NOGROUP', 1, true) then
    return redis.error_reply('NOGROUP No such key or consumer group ' .. ARGV[1])
  end
  return redis.error_reply(pending.err)
end
local claimed, deleted = {}, {}
for _, p in ipairs(pending) do
  local entry = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], p[1])[1]
  if entry then
    claimed[#claimed + 1] = entry
  else
    redis.call('XACK', KEYS[1], ARGV[1], p[1])
    deleted[#deleted + 1] = p[1]
  end
end
local nextStart = '0-0'
if #pending == tonumber(ARGV[5]) then
  local ms, seq = string.match(pending[#pending][1], '^(%d+)-(%d+)$')
  nextStart = ms .. '-' .. string.format('%.0f', tonumber(seq) + 1)
end
return {nextStart, claimed, deleted}
