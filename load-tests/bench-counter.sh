#!/usr/bin/env bash
# Side-by-side benchmark of the counter endpoint against redis-benchmark INCR, on one machine, loopback only.
# Starts its own redis-server, a bare Vert.x baseline and redwire, prints the figures and ratios, cleans up.
# About 2 minutes.
#   load-tests/bench-counter.sh            # defaults: 64 connections, 20 s per measurement
#   CONNECTIONS=64 DURATION=20s load-tests/bench-counter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
REDIS_PORT=${REDIS_PORT:-6391}
HTTP_PORT=${BENCH_HTTP_PORT:-8089}
BARE_PORT=${BENCH_BARE_PORT:-8088}
KEY=bench-key-0123456789abcdef

for tool in redis-server redis-benchmark wrk; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y redis-server redis-tools wrk)"; exit 1; }
done
[ -f target/redwire.jar ] || ./mvnw -q -DskipTests package

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "${BARE_PID:-}" ] && kill "$BARE_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
sleep 0.5

echo "== redis-benchmark -t incr -c $CONNECTIONS"
redis-benchmark -p "$REDIS_PORT" -t incr -c "$CONNECTIONS" -n 2000000 -q 2>/dev/null | tr '\r' '\n' | grep "requests per second" | tail -1 | tee /tmp/redwire-bench-redis.txt
REDIS_RPS=$(grep -o '[0-9.]* requests per second' /tmp/redwire-bench-redis.txt | cut -d' ' -f1)

echo "== bare Vert.x 5 handler, one INCR on a pipelined connection (no auth, no rate limit), wrk -t2 -c$CONNECTIONS -d$DURATION"
java -cp target/redwire.jar load-tests/baseline/BareVertxIncr.java "$BARE_PORT" "redis://127.0.0.1:$REDIS_PORT" > /tmp/redwire-bench-bare.log 2>&1 &
BARE_PID=$!
for _ in $(seq 1 200); do curl -sf -X POST "http://127.0.0.1:$BARE_PORT/" >/dev/null && break; sleep 0.1; done
REDWIRE_KEY=none wrk -t2 -c"$CONNECTIONS" -d15s -s load-tests/wrk/counter-incr.lua "http://127.0.0.1:$BARE_PORT" >/dev/null
REDWIRE_KEY=none wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s load-tests/wrk/counter-incr.lua "http://127.0.0.1:$BARE_PORT" \
  | tail -1 | tee /tmp/redwire-bench-bare.txt
BARE_RPS=$(grep -o 'requests/s: [0-9]*' /tmp/redwire-bench-bare.txt | cut -d' ' -f2)
kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true

echo "== redwire POST /api/v1/counters/bench/incr (auth + rate limiting on), wrk -t2 -c$CONNECTIONS -d$DURATION"
REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT REDWIRE_PROFILE=prod \
  REDWIRE_API_KEYS=$KEY:service REDWIRE_RATE_LIMIT=1000000000/60s \
  java ${JAVA_OPTS:-} -jar target/redwire.jar > /tmp/redwire-bench-server.log 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.1; done

# JIT warm-up, not measured
REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d15s -s load-tests/wrk/counter-incr.lua "http://127.0.0.1:$HTTP_PORT" >/dev/null
REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s load-tests/wrk/counter-incr.lua "http://127.0.0.1:$HTTP_PORT" \
  | tail -1 | tee /tmp/redwire-bench-http.txt
HTTP_RPS=$(grep -o 'requests/s: [0-9]*' /tmp/redwire-bench-http.txt | cut -d' ' -f2)

python3 -c "print('bare Vert.x / redis-benchmark INCR: %.2f' % ($BARE_RPS / $REDIS_RPS))"
python3 -c "print('redwire / redis-benchmark INCR:     %.2f' % ($HTTP_RPS / $REDIS_RPS))"
