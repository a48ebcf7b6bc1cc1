#!/usr/bin/env bash
# Job queue throughput on one machine, loopback only: enqueue over HTTP (one job per request, and batches),
# processing by the built-in noop handler on the reliable path (atomic move to active with a lease, ack
# script), HTTP workers (HTTP_WORKERS loops reserving RESERVE jobs at a time, acking them in one request,
# then with one ack request per job), and raw LPUSH/RPOP from redis-benchmark in the same run. Starts its
# own redis-server and redwire (JAVA_OPTS are passed to it, e.g. a JFR recording).
# Each processing figure follows an unreported warm-up drain of WARMUP jobs (the JIT compiles the path first).
#   load-tests/bench-queues.sh            # JOBS=50000 WARMUP=50000 CONNECTIONS=50 BATCH=100 HTTP_WORKERS=8 RESERVE=50
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-50000}
WARMUP=${WARMUP:-50000}
CONNECTIONS=${CONNECTIONS:-50}
BATCH=${BATCH:-100}
HTTP_WORKERS=${HTTP_WORKERS:-8}
RESERVE=${RESERVE:-50}
REDIS_PORT=${REDIS_PORT:-6393}
HTTP_PORT=${BENCH_HTTP_PORT:-8093}
KEY=bench-key-0123456789abcdef
for tool in redis-server redis-benchmark redis-cli wrk curl python3 java; do
  command -v "$tool" >/dev/null || { echo "needs $tool"; exit 1; }
done
[ -f target/redwire.jar ] || ./mvnw -q -DskipTests package

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
sleep 0.3
REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT REDWIRE_PROFILE=prod REDWIRE_API_KEYS=$KEY:service \
  REDWIRE_RATE_LIMIT=1000000000/60s REDWIRE_QUEUE_HANDLERS=bench:noop REDWIRE_QUEUE_EVENTS=false \
  REDWIRE_QUEUE_COMPLETED_MAX=1000000 java ${JAVA_OPTS:-} -jar target/redwire.jar > /tmp/redwire-bench-queues.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.1; done
api() { curl -sf -X "$1" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' "http://127.0.0.1:$HTTP_PORT$2"; }
# no python per poll: the polls share the 2 cores with what they measure
count() { api GET "/api/v1/queues/$1" | grep -o "\"$2\":[0-9]*" | cut -d: -f2; }
# $2 (default JOBS) jobs of {"n": i} on queue $1, 1000 per request
fill() {
  python3 - "$HTTP_PORT" "$KEY" "${2:-$JOBS}" "$1" <<'PY'
import http.client, json, sys
port, key, jobs, queue = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = http.client.HTTPConnection("127.0.0.1", port)
body = json.dumps({"jobs": [{"payload": {"n": i}} for i in range(1000)]})
for _ in range(jobs // 1000):
    c.request("POST", "/api/v1/queues/%s/jobs" % queue, body, {"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    assert r.status == 202, r.status
PY
}
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# enqueue (requests/s from wrk, times jobs per request); the queue is paused so enqueue is measured alone
enqueue() { # queue batch seconds
  api POST "/api/v1/queues/$1/pause" >/dev/null
  REDWIRE_KEY=$KEY QUEUE=$1 BATCH=$2 wrk -t2 -c"$CONNECTIONS" -d"$3" -s load-tests/wrk/queue-enqueue.lua \
    "http://127.0.0.1:$HTTP_PORT/api/v1/queues/$1/jobs" | awk '/Requests\/sec/ {print $2}'
}
SINGLE=$(enqueue single 1 10s)
echo "enqueue, one job per request, $CONNECTIONS connections: $(python3 -c "print(round($SINGLE))") jobs/s"
BATCHED=$(enqueue batched "$BATCH" 10s)
echo "enqueue, $BATCH jobs per request, $CONNECTIONS connections: $(python3 -c "print(round($BATCHED * $BATCH))") jobs/s"

# processing: N waiting jobs on the paused noop queue, then resume and time the drain
drain() { # jobs; prints jobs/s
  local before; before=$(count bench completed)
  api POST /api/v1/queues/bench/pause >/dev/null
  fill bench "$1"
  api POST /api/v1/queues/bench/resume >/dev/null
  # a paused worker looks again within REDWIRE_QUEUE_BLOCK_MS: the clock starts at the first completed job
  while [ "$(count bench completed)" -eq "$before" ]; do sleep 0.01; done
  local start first end; start=$(date +%s.%N); first=$(count bench completed)
  while [ "$(count bench completed)" -lt "$((before + $1))" ]; do sleep 0.05; done
  end=$(date +%s.%N)
  python3 -c "print(round(($before + $1 - $first) / ($end - $start)))"
}
drain "$WARMUP" >/dev/null
echo "processing, noop handler, reliable path: $(drain "$JOBS") jobs/s ($JOBS jobs)"

# HTTP workers: JOBS waiting jobs on a queue without a handler, then the worker loops drain it
javac -d target/queue-workers load-tests/queue-workers/HttpWorkers.java
fill http-warmup "$WARMUP"
java -cp target/queue-workers HttpWorkers "http://127.0.0.1:$HTTP_PORT" "$KEY" http-warmup "$WARMUP" "$HTTP_WORKERS" \
  "$RESERVE" batch >/dev/null
for ack in batch single; do
  fill "http-$ack"
  echo "processing, HTTP workers: $(java -cp target/queue-workers HttpWorkers "http://127.0.0.1:$HTTP_PORT" "$KEY" \
    "http-$ack" "$JOBS" "$HTTP_WORKERS" "$RESERVE" "$ack")"
done

echo "redis-benchmark, same machine:"
redis-benchmark -p "$REDIS_PORT" -c 50 -n 200000 -q -t lpush,rpop | tr '\r' '\n' | grep "requests per second"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
