-- The one summary line every wrk script of load-tests prints (the bench scripts parse it).
function done(summary, latency, requests)
  local p = function(q) return latency:percentile(q) / 1000 end
  io.write(string.format("requests/s: %.0f  p50: %.2f ms  p99: %.2f ms  p99.9: %.2f ms  errors: %d\n",
    summary.requests / (summary.duration / 1e6), p(50), p(99), p(99.9),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
