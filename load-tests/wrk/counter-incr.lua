-- wrk script: POST /api/v1/counters/{name}/incr with auth. Usage:
--   REDWIRE_KEY=<api key> wrk -t2 -c64 -d20s -s load-tests/wrk/counter-incr.lua http://127.0.0.1:8080
-- COUNTER_NAME picks the counter (default "bench"); every request adds 1.
local key = os.getenv("REDWIRE_KEY") or error("set REDWIRE_KEY to an API key")
local name = os.getenv("COUNTER_NAME") or "bench"

wrk.method = "POST"
wrk.path = "/api/v1/counters/" .. name .. "/incr"
wrk.headers["Authorization"] = "Bearer " .. key
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"by":1}'

-- the summary line, from the file next to this one
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
