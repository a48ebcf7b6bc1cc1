-- wrk script: POST /api/v1/orders, every request a new order of 0.01 for one of USERS users.
--   REDWIRE_KEY=<api key> USERS=1000 ID_PREFIX=b USER_PREFIX=bench- wrk -t2 -c64 -d300s -s load-tests/wrk/orders-post.lua URL
-- Order ids are <ID_PREFIX><thread>-<n>, users <USER_PREFIX><n mod USERS>: no id repeats, so a thread that
-- runs ahead of the other posts new orders rather than repeats. wrk cannot stop after N requests: stop it
-- (SIGINT) once XLEN says the stream holds enough, and count what was posted from the stream.
local key = os.getenv("REDWIRE_KEY") or error("set REDWIRE_KEY to an API key")
local users = tonumber(os.getenv("USERS") or "1000")
local id_prefix = os.getenv("ID_PREFIX") or "b"
local user_prefix = os.getenv("USER_PREFIX") or "bench-"
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

local sent = 0
local head

-- the request line and headers once: wrk.format per request costs wrk several times the CPU of the
-- counter script's fixed request, on the cores the server shares
function init(args)
  head = "POST /api/v1/orders HTTP/1.1\r\nHost: " .. wrk.host .. ":" .. wrk.port .. "\r\nAuthorization: Bearer " .. key
    .. "\r\nContent-Type: application/json\r\nContent-Length: "
end

function request()
  local i = sent
  sent = sent + 1
  local body = string.format('{"orderId":"%s%d-%d","userId":"%s%d","amount":"0.01"}', id_prefix, tid, i,
    user_prefix, i % users)
  return head .. #body .. "\r\n\r\n" .. body
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
