--[[
  Releases the claimer lock only when this replica still holds it (compare and delete).

  KEYS[1]  the lock
  ARGV[1]  this holder's token
  Returns  1 when released, 0 when another holder has it (or it expired)
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
