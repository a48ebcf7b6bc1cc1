-- wrk script: POST /api/v1/users/{id}/incr over USERS profiles (default 64): a durable write (a Lua
-- script on the durable endpoint), the one REDWIRE_REDIS_MIN_REPLICAS_ACK waits for. Usage:
--   REDWIRE_KEY=<api key> USERS=64 wrk -t2 -c64 -d20s -s load-tests/wrk/profile-incr.lua http://127.0.0.1:8080
local key = os.getenv("REDWIRE_KEY") or error("set REDWIRE_KEY to an API key")
local users = tonumber(os.getenv("USERS") or "64")
local paths = {}
for i = 1, users do
  paths[i] = "/api/v1/users/bench-" .. i .. "/incr"
end
local n = 0

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"field":"visits","by":1}'

function request()
  n = n % users + 1
  return wrk.format(nil, paths[n])
end

-- the summary line, from the file next to this one
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
