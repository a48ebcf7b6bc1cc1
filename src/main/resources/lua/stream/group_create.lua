--[[
  XGROUP CREATE ... MKSTREAM through KEYS[1], so a cluster routes it by its key (the client cannot find
  the key of a subcommand); an existing group is not an error.

  KEYS[1]  the stream
  ARGV[1]  the group
  ARGV[2]  where the group starts: '$', '0' or an entry id
  Returns  1 when created, 0 when the group existed
]]
local ok = redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], ARGV[2], 'MKSTREAM')
if type(ok) == 'table' and ok.err then
  if string.sub(ok.err, 1, 9) == 'BUSYGROUP' then
    return 0
  end
  return redis.error_reply(ok.err)
end
return 1
