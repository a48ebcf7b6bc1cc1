-- wrk script: POST over COUNTERS names (default 64), so that on a Redis Cluster the requests spread over
-- every master. By default the counter endpoint; PATH_FORMAT and BODY aim it elsewhere, e.g. a durable
-- write (a Lua script on the durable endpoint, the kind REDWIRE_REDIS_MIN_REPLICAS_ACK waits for):
--   REDWIRE_KEY=<api key> COUNTERS=64 wrk -t2 -c64 -d20s -s load-tests/wrk/counter-spread.lua http://127.0.0.1:8080
--   PATH_FORMAT=/api/v1/users/bench-%d/incr BODY='{"field":"visits","by":1}' REDWIRE_KEY=... wrk ... counter-spread.lua ...
local key = os.getenv("REDWIRE_KEY") or error("set REDWIRE_KEY to an API key")
local counters = tonumber(os.getenv("COUNTERS") or "64")
local pathFormat = os.getenv("PATH_FORMAT") or "/api/v1/counters/bench-%d/incr"
local paths = {}
for i = 1, counters do
  paths[i] = string.format(pathFormat, i)
end
local n = 0

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY") or '{"by":1}'

function request()
  n = n % counters + 1
  return wrk.format(nil, paths[n])
end

-- the summary line, from the file next to this one
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
