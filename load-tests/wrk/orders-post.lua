-- wrk script: POST /api/v1/orders, each thread posting ORDERS/THREADS distinct orders (then repeats of them).
--   REDWIRE_KEY=<api key> ORDERS=50000 USERS=1000 THREADS=2 wrk -t2 -c64 -d300s -s load-tests/wrk/orders-post.lua URL
-- THREADS must equal wrk's -t. Order ids are <ID_PREFIX><thread>-<n> (ID_PREFIX "b") with n wrapping at
-- the thread's quota, so requests after the quota repeat an orderId (200, nothing appended): exactly
-- ORDERS distinct orders of 0.01 each, spread over USERS users (<USER_PREFIX><n>, USER_PREFIX "bench-"),
-- reach the stream. Stop wrk (SIGINT) once XLEN says so. A warm-up run takes other prefixes.
local key = os.getenv("REDWIRE_KEY") or error("set REDWIRE_KEY to an API key")
local orders = tonumber(os.getenv("ORDERS") or "50000")
local users = tonumber(os.getenv("USERS") or "1000")
local threads = tonumber(os.getenv("THREADS") or "2")
local id_prefix = os.getenv("ID_PREFIX") or "b"
local user_prefix = os.getenv("USER_PREFIX") or "bench-"
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

local quota = math.floor(orders / threads)
local sent = 0

function request()
  local i = sent % quota
  sent = sent + 1
  local body = string.format('{"orderId":"%s%d-%d","userId":"%s%d","amount":"0.01"}', id_prefix, tid, i,
    user_prefix, i % users)
  return wrk.format("POST", "/api/v1/orders", {["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json"}, body)
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
