--[[
What a durable channel's history holds after an offset, and whether that is everything published since.
KEYS[1] history stream   rt:{channel}:history
KEYS[2] newest id the history trimmed away
ARGV[1] the offset the reader has seen (exclusive)
ARGV[2] most entries returned
ARGV[3] history age in ms: an offset older than that may have been followed by messages that aged out
Returns {complete (1|0), entries...}, each entry {id, {'p', payload}}. complete is 0 when something after
the offset may be gone (trimmed by size or age, or the whole history expired).
]]
--- @readonly
--- @include "include/stream_ids"
local since = ARGV[1]
local complete = 1
local trimmed = redis.call('GET', KEYS[2])
if trimmed and not stream_id_less(trimmed, since) and trimmed ~= since then
  complete = 0
end
local now = redis.call('TIME')
local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
local sinceMs = tonumber(string.match(since, '^(%d+)'))
if sinceMs < oldest then
  complete = 0
end
local entries = redis.call('XRANGE', KEYS[1], '(' .. since, '+', 'COUNT', ARGV[2])
local reply = {complete}
for i = 1, #entries do
  reply[#reply + 1] = entries[i]
end
return reply
