--[[
Publishes a message on a durable channel: appends it to the channel's capped history stream and
publishes the WebSocket frame that carries its offset (the entry's id), in one step, so a reader of the
history and a subscriber never disagree about what was published.
KEYS[1] history stream   rt:{channel}:history
KEYS[2] newest id the history trimmed away   rt:{channel}:trimmed (so a reader knows what is gone)
ARGV[1] Redis channel (same hash tag)
ARGV[2] frame text before the offset, e.g. {"type":"message","channel":"news:general","offset":"
ARGV[3] payload JSON
ARGV[4] history size (entries kept)
ARGV[5] history age in ms (older entries are trimmed)
ARGV[6] PUBLISH, or SPUBLISH where Pub/Sub is sharded
ARGV[7] TTL of both keys in seconds (the history age and a margin: an idle channel's history expires)
Returns {offset, receivers}.
]]
--- @include "include/stream_ids"
local maxLen = tonumber(ARGV[4])
local now = redis.call('TIME')
local minId = (tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[5])) .. '-0'
local trimmed = nil
local len = redis.call('XLEN', KEYS[1])
if len >= maxLen then
  local gone = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', len - maxLen + 1)
  trimmed = gone[#gone][1]
end
local aged = redis.call('XREVRANGE', KEYS[1], '(' .. minId, '-', 'COUNT', 1)
if #aged > 0 and (trimmed == nil or stream_id_less(trimmed, aged[1][1])) then
  trimmed = aged[1][1]
end
local offset = redis.call('XADD', KEYS[1], 'MAXLEN', maxLen, '*', 'p', ARGV[3])
redis.call('XTRIM', KEYS[1], 'MINID', minId)
redis.call('EXPIRE', KEYS[1], ARGV[7])
if trimmed ~= nil then
  redis.call('SET', KEYS[2], trimmed, 'EX', ARGV[7])
elseif redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('EXPIRE', KEYS[2], ARGV[7])
end
local receivers = redis.call(ARGV[6], ARGV[1], offset .. '|' .. ARGV[2] .. offset .. '","payload":' .. ARGV[3] .. '}')
return {offset, receivers}
