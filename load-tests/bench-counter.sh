#!/usr/bin/env bash
# Side-by-side benchmark of the counter endpoint against redis-benchmark INCR, on one machine, loopback only.
# Starts its own redis-server, a bare Vert.x baseline and redwire, then measures the three in turn for
# ROUNDS rounds (this machine's speed drifts by tens of percent within minutes, so every ratio compares
# figures taken a minute apart), prints each round and the medians, cleans up. About 5 minutes.
#   load-tests/bench-counter.sh                 # defaults: 64 connections, 20 s per measurement, 3 rounds
#   CONNECTIONS=64 DURATION=20s ROUNDS=5 WARMUP=10s WARMUP_RUNS=3 JAVA_OPTS=... load-tests/bench-counter.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20s}
ROUNDS=${ROUNDS:-3}
# Warm-up per server: WARMUP_RUNS wrk runs of WARMUP each. The JIT keeps compiling for about 20 s of
# load, and the code that sets up connections (each wrk run opens 64 new ones) is only compiled after a
# few runs; a single warm-up run left that compilation in round 1.
WARMUP=${WARMUP:-10s}
WARMUP_RUNS=${WARMUP_RUNS:-3}
REDIS_PORT=${REDIS_PORT:-6391}
HTTP_PORT=${BENCH_HTTP_PORT:-8089}
BARE_PORT=${BENCH_BARE_PORT:-8088}
KEY=bench-key-0123456789abcdef
OUT=$(mktemp -d)

for tool in redis-server redis-benchmark wrk python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y redis-server redis-tools wrk python3)"; exit 1; }
done
[ -f target/redwire.jar ] || ./mvnw -q -DskipTests package

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "${BARE_PID:-}" ] && kill "$BARE_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
sleep 0.5

java -cp target/redwire.jar load-tests/baseline/BareVertxIncr.java "$BARE_PORT" "redis://127.0.0.1:$REDIS_PORT" \
  > "$OUT/bare.log" 2>&1 &
BARE_PID=$!
# prod profile, auth on (a service key), the rate limiter on with a quota high enough never to refuse
REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT REDWIRE_PROFILE=prod \
  REDWIRE_API_KEYS=$KEY:service REDWIRE_RATE_LIMIT=1000000000/60s \
  java ${JAVA_OPTS:-} -jar target/redwire.jar > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do curl -sf -X POST "http://127.0.0.1:$BARE_PORT/" >/dev/null && break; sleep 0.1; done
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.1; done

load() { # port duration
  REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d"$2" -s load-tests/wrk/counter-incr.lua "http://127.0.0.1:$1" | tail -1
}
echo "warming up both servers (JIT): $WARMUP_RUNS runs of $WARMUP each"
for _ in $(seq 1 "$WARMUP_RUNS"); do
  load "$BARE_PORT" "$WARMUP" >/dev/null
  load "$HTTP_PORT" "$WARMUP" >/dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  redis-benchmark -p "$REDIS_PORT" -t incr -c "$CONNECTIONS" -n 1000000 2>/dev/null | tr '\r' '\n' \
    | awk '/throughput summary/{rps=$3} /avg +min +p50/{getline; p50=$3; p99=$5} END{printf "redis-benchmark INCR  requests/s: %.0f  p50: %s ms  p99: %s ms\n", rps, p50, p99}' \
    | tee -a "$OUT/redis.txt"
  echo "bare Vert.x            $(load "$BARE_PORT" "$DURATION")" | tee -a "$OUT/bare.txt"
  echo "redwire                $(load "$HTTP_PORT" "$DURATION")" | tee -a "$OUT/redwire.txt"
done

python3 - "$OUT" <<'EOF'
import re, statistics, sys
d = sys.argv[1]
def col(name, field):
    return [float(re.search(field + r': ([0-9.]+)', l).group(1)) for l in open(f'{d}/{name}.txt')]
redis, bare, rw = col('redis', 'requests/s'), col('bare', 'requests/s'), col('redwire', 'requests/s')
print('== ratios per round (each against that round\'s redis-benchmark)')
for i, (r, b, w) in enumerate(zip(redis, bare, rw), 1):
    print(f'round {i}: bare {b / r:.2f}  redwire {w / r:.2f}')
m = statistics.median
print(f'median: redis-benchmark {m(redis):.0f}/s p99 {m(col("redis", "p99")):.2f} ms; '
      f'bare {m(bare):.0f}/s ({m([b / r for b, r in zip(bare, redis)]):.2f}x) p99 {m(col("bare", "p99")):.2f} ms; '
      f'redwire {m(rw):.0f}/s ({m([w / r for w, r in zip(rw, redis)]):.2f}x) p99 {m(col("redwire", "p99")):.2f} ms')
EOF
