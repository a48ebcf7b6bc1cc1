#!/usr/bin/env bash
# Orders end to end, on one machine, loopback only: starts its own redis-server and redwire, then
#  1. the counter endpoint for DURATION (the reference: posting should reach at least 0.5x of it),
#  2. posts ORDERS (50000) distinct orders over HTTP with wrk (posting throughput),
#  3. samples the billing group's lag and pending every 0.5 s until every order is billed (billing
#     throughput = orders / (first post .. last effect)), then checks the totals: sum of `orders` over
#     the users' profiles = ORDERS and sum of `spent` = ORDERS x 0.01 (exactly once),
#  4. redis-benchmark XADD on the same Redis for the raw figure.
#   load-tests/bench-orders.sh
#   ORDERS=50000 USERS=1000 CONNECTIONS=64 DURATION=10s JAVA_OPTS=... load-tests/bench-orders.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${ORDERS:-50000}
USERS=${USERS:-1000}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
REDIS_PORT=${REDIS_PORT:-6393}
HTTP_PORT=${BENCH_HTTP_PORT:-8091}
KEY=bench-key-0123456789abcdef
OUT=$(mktemp -d)

for tool in redis-server redis-benchmark redis-cli wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool"; exit 1; }
done
[ -f target/redwire.jar ] || ./mvnw -q -DskipTests package

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
sleep 0.5
REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT REDWIRE_PROFILE=prod \
  REDWIRE_API_KEYS=$KEY:service REDWIRE_RATE_LIMIT=1000000000/60s \
  java ${JAVA_OPTS:-} -jar target/redwire.jar > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.1; done
URL=http://127.0.0.1:$HTTP_PORT

# warm-up of both paths (a separate user range and orderIds, not counted in the totals)
REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d5s -s load-tests/wrk/counter-incr.lua "$URL" >/dev/null
for i in $(seq 1 200); do
  curl -s -o /dev/null -X POST "$URL/api/v1/orders" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "{\"orderId\":\"warm-$i\",\"userId\":\"warm-$((i % 10))\",\"amount\":\"0.01\"}"
done

echo "counter endpoint:  $(REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s load-tests/wrk/counter-incr.lua "$URL" | tail -1)"

stream_key='stream:{orders}'
sample_lag() { # prints "t lag pending" every 0.5 s until stopped
  local start=$1
  while :; do
    local info
    info=$(redis-cli -p "$REDIS_PORT" XINFO GROUPS "$stream_key" 2>/dev/null | tr '\n' ' ')
    python3 - "$start" "$info" <<'PY'
import sys, time, re
start = float(sys.argv[1]); f = sys.argv[2].split()
def val(name):
    for i, w in enumerate(f):
        if w == name and i + 1 < len(f):
            return f[i + 1]
    return "?"
print(f"  t={time.time() - start:6.2f}s lag={val('lag')} pending={val('pending')}")
PY
    sleep 0.5
  done
}

START=$(python3 -c 'import time; print(time.time())')
sample_lag "$START" > "$OUT/lag.txt" &
SAMPLER=$!
# wrk cannot stop itself after a number of requests: it runs until the stream holds every order, then
# gets SIGINT (it prints its summary); requests in flight by then repeat orderIds and append nothing
REDWIRE_KEY=$KEY ORDERS=$ORDERS USERS=$USERS THREADS=2 wrk -t2 -c"$CONNECTIONS" -d600s \
  -s load-tests/wrk/orders-post.lua "$URL" > "$OUT/post.txt" 2>&1 &
WRK=$!
until [ "$(redis-cli -p "$REDIS_PORT" XLEN "$stream_key")" -ge "$ORDERS" ]; do sleep 0.02; done
POSTED=$(python3 -c 'import time; print(time.time())')
kill -INT "$WRK"; wait "$WRK" || true
POST=$(tail -1 "$OUT/post.txt")
echo "orders posting (wrk, includes the tail of repeats): $POST"
# billed = every order's effect stored: the profiles' orders add up (checked below), the group is drained
while :; do
  info=$(redis-cli -p "$REDIS_PORT" XINFO GROUPS "$stream_key" | tr '\n' ' ')
  lag=$(echo "$info" | sed -E 's/.*lag ([0-9]+).*/\1/')
  pending=$(echo "$info" | sed -E 's/.* pending ([0-9]+) .*/\1/')
  [ "$lag" = "0" ] && [ "$pending" = "0" ] && break
  sleep 0.05
done
DONE=$(python3 -c 'import time; print(time.time())')
kill "$SAMPLER" 2>/dev/null || true
echo "billing lag over time (every 0.5 s):"
cat "$OUT/lag.txt"

TOTALS=$(for u in $(seq 0 $((USERS - 1))); do echo "HMGET user:{bench-$u} orders spent"; done \
  | redis-cli -p "$REDIS_PORT" | python3 -c '
import sys
from decimal import Decimal
v = [l.strip() for l in sys.stdin if l.strip()]
orders = sum(int(x) for x in v[0::2] if x.isdigit())
spent = sum(Decimal(x) for x in v[1::2] if x and x[0].isdigit())
print(orders, spent)')
read -r BILLED SPENT <<< "$TOTALS"
python3 - "$START" "$POSTED" "$DONE" "$ORDERS" "$BILLED" "$SPENT" <<'PY'
import sys
from decimal import Decimal
start, posted, done = map(float, sys.argv[1:4]); n = int(sys.argv[4]); billed = int(sys.argv[5]); spent = Decimal(sys.argv[6])
print(f"posting:           {n / (posted - start):.0f} orders/s over {posted - start:.2f} s")
print(f"billing end to end: {n / (done - start):.0f} orders/s (first post to last effect, {done - start:.2f} s)")
ok = billed == n and spent == Decimal(n) / 100
print(f"totals:            orders={billed} spent={spent} expected {n} and {Decimal(n) / 100}: {'OK' if ok else 'WRONG'}")
sys.exit(0 if ok else 1)
PY
echo "redis-benchmark XADD: $(redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 -P 1 \
  XADD bench:xadd MAXLEN '~' 100000 '*' orderId x userId y amountCents 1 | tr '\r' '\n' | tail -1)"
