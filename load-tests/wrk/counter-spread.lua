-- wrk script: POST /api/v1/counters/{name}/incr over COUNTERS counter names (default 64), so that on a
-- Redis Cluster the requests spread over every master. Usage:
--   REDWIRE_KEY=<api key> COUNTERS=64 wrk -t2 -c64 -d20s -s load-tests/wrk/counter-spread.lua http://127.0.0.1:8080
local key = os.getenv("REDWIRE_KEY") or error("set REDWIRE_KEY to an API key")
local counters = tonumber(os.getenv("COUNTERS") or "64")
local paths = {}
for i = 1, counters do
  paths[i] = "/api/v1/counters/bench-" .. i .. "/incr"
end
local n = 0

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"by":1}'

function request()
  n = n % counters + 1
  return wrk.format(nil, paths[n])
end

-- the summary line, from the file next to this one
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
