-- POSTs jobs to /api/v1/queues/$QUEUE/jobs: one job per request, or BATCH jobs per request ({"jobs": [...]}).
local key = os.getenv("REDWIRE_KEY")
local queue = os.getenv("QUEUE") or "bench"
local batch = tonumber(os.getenv("BATCH") or "1")
local body
if batch <= 1 then
  body = '{"payload":{"n":1}}'
else
  local jobs = {}
  for i = 1, batch do
    jobs[i] = '{"payload":{"n":' .. i .. '}}'
  end
  body = '{"jobs":[' .. table.concat(jobs, ",") .. ']}'
end
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. key

function response(status, headers, body)
  if status ~= 202 then
    print("unexpected status " .. status .. ": " .. body)
  end
end
