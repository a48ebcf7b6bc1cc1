#!/usr/bin/env bash
# Orders end to end, on one machine, loopback only: starts its own redis-server and redwire, warms both
# paths up (WARMUP_RUNS wrk runs of WARMUP each, on orderIds and users of their own), then
#  1. the counter endpoint for DURATION (the reference: posting should reach at least 0.5x of it),
#  2. posts ORDERS (50000) distinct orders over HTTP with wrk (posting throughput),
#  3. samples the billing group's lag and pending every 0.5 s until every order is billed (end-to-end
#     billing = orders / (first post .. last effect), bounded by the posting rate), then checks the
#     totals: sum of `orders` over the users' profiles = ORDERS and sum of `spent` = ORDERS x 0.01,
#  4. a backlog billed alone: the server is frozen (SIGSTOP, so its JIT stays warm), BACKLOG orders are
#     XADDed to the stream as POST /api/v1/orders writes them, the server resumes (SIGCONT) and the drain
#     rate is backlog / (resume .. group drained); the backlog users' totals are checked the same way,
#  5. redis-benchmark XADD on the same Redis for the raw figure.
# With each phase: CPU per order (redwire's JVM and redis-server, from /proc) and Redis' own time per
# order (INFO commandstats), which say more than throughput on a shared machine.
#   load-tests/bench-orders.sh
#   ORDERS=50000 BACKLOG=50000 USERS=1000 CONNECTIONS=64 DURATION=10s WARMUP=5s WARMUP_RUNS=3 JAVA_OPTS=... load-tests/bench-orders.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${ORDERS:-50000}
BACKLOG=${BACKLOG:-$ORDERS}
USERS=${USERS:-1000}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-10s}
# the JIT keeps compiling for about 20 s of load (see bench-counter.sh): both paths get the same warm-up
WARMUP=${WARMUP:-5s}
WARMUP_RUNS=${WARMUP_RUNS:-3}
REDIS_PORT=${REDIS_PORT:-6393}
HTTP_PORT=${BENCH_HTTP_PORT:-8091}
KEY=bench-key-0123456789abcdef
STREAM='stream:{orders}'
OUT=$(mktemp -d)

for tool in redis-server redis-benchmark redis-cli wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool"; exit 1; }
done
[ -f target/redwire.jar ] || ./mvnw -q -DskipTests package

cleanup() {
  [ -n "${SAMPLER:-}" ] && kill "$SAMPLER" 2>/dev/null || true
  [ -n "${SERVER_PID:-}" ] && kill -CONT "$SERVER_PID" 2>/dev/null && kill "$SERVER_PID" 2>/dev/null \
    && wait "$SERVER_PID" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$OUT"
}
trap cleanup EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
sleep 0.5
REDIS_PID=$(redis-cli -p "$REDIS_PORT" INFO server | tr -d '\r' | sed -n 's/^process_id://p')
REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$HTTP_PORT REDWIRE_PROFILE=prod \
  REDWIRE_API_KEYS=$KEY:service REDWIRE_RATE_LIMIT=1000000000/60s \
  java ${JAVA_OPTS:-} -jar target/redwire.jar > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && break; sleep 0.1; done
URL=http://127.0.0.1:$HTTP_PORT

now() { python3 -c 'import time; print(time.time())'; }
group_field() { # the billing group's field of XINFO GROUPS (pending, lag, entries-read)
  redis-cli -p "$REDIS_PORT" XINFO GROUPS "$STREAM" | awk -v f="$1" 'prev == f { print; exit } { prev = $0 }'
}
drained() { [ "$(group_field lag)" = "0" ] && [ "$(group_field pending)" = "0" ]; }
wait_drained() { until drained; do sleep 0.05; done; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system, in 1/100 s
post_orders() { # duration id-prefix user-prefix distinct-orders
  REDWIRE_KEY=$KEY ORDERS=$4 USERS=$USERS THREADS=2 ID_PREFIX=$2 USER_PREFIX=$3 \
    wrk -t2 -c"$CONNECTIONS" -d"$1" -s load-tests/wrk/orders-post.lua "$URL"
}
counter() { REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d"$1" -s load-tests/wrk/counter-incr.lua "$URL"; }
cost_start() {
  redis-cli -p "$REDIS_PORT" CONFIG RESETSTAT >/dev/null
  J0=$(cpu_ticks "$SERVER_PID"); R0=$(cpu_ticks "$REDIS_PID")
}
cost_report() { # label units
  local j r
  j=$(( $(cpu_ticks "$SERVER_PID") - J0 )); r=$(( $(cpu_ticks "$REDIS_PID") - R0 ))
  redis-cli -p "$REDIS_PORT" INFO commandstats | tr -d '\r' | python3 -c '
import sys, re
label, n, j, r = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
usec = {m.group(1): int(m.group(2)) for m in re.finditer(r"cmdstat_([a-z|]+):calls=\d+,usec=(\d+)", sys.stdin.read())}
top = sorted(((u, c) for c, u in usec.items() if c not in ("config|resetstat", "info")), reverse=True)[:4]
print(f"  {label}: CPU per unit: redwire {j * 1e4 / n:.1f} us, redis-server {r * 1e4 / n:.1f} us; "
      f"Redis command time per unit: {sum(usec.values()) / n:.1f} us ("
      + ", ".join(f"{c} {u / n:.1f}" for u, c in top) + ")")' "$1" "$2" "$j" "$r"
}

echo "warming up (JIT): $WARMUP_RUNS x ($WARMUP counter + $WARMUP orders)"
for run in $(seq 1 "$WARMUP_RUNS"); do
  counter "$WARMUP" >/dev/null
  post_orders "$WARMUP" "w$run-" "warm-" 100000000 >/dev/null
done
wait_drained

cost_start
COUNTER_LINE=$(counter "$DURATION" | tail -1)
echo "counter endpoint:  $COUNTER_LINE"
COUNTER_RPS=$(echo "$COUNTER_LINE" | sed -E 's/requests\/s: ([0-9]+).*/\1/')
cost_report "counter" "$(python3 -c "print(int($COUNTER_RPS * ${DURATION%s}))")"

sample_lag() { # prints "t lag pending" every 0.5 s until stopped
  local start=$1
  while :; do
    python3 -c 'import sys, time; print(f"  t={time.time() - float(sys.argv[1]):6.2f}s lag={sys.argv[2]} pending={sys.argv[3]}")' \
      "$start" "$(group_field lag)" "$(group_field pending)"
    sleep 0.5
  done
}

BASE=$(redis-cli -p "$REDIS_PORT" XLEN "$STREAM")
echo "stream length before posting: $BASE"
cost_start
START=$(now)
sample_lag "$START" > "$OUT/lag.txt" &
SAMPLER=$!
# wrk cannot stop itself after a number of requests: it runs until the stream holds every order, then
# gets SIGINT (it prints its summary); requests in flight by then repeat orderIds and append nothing
# (wrk itself in the background, not a function's subshell: that would ignore SIGINT)
REDWIRE_KEY=$KEY ORDERS=$ORDERS USERS=$USERS THREADS=2 ID_PREFIX=b USER_PREFIX=bench- \
  wrk -t2 -c"$CONNECTIONS" -d600s -s load-tests/wrk/orders-post.lua "$URL" > "$OUT/post.txt" 2>&1 &
WRK=$!
until [ "$(redis-cli -p "$REDIS_PORT" XLEN "$STREAM")" -ge $((BASE + ORDERS)) ]; do sleep 0.02; done
POSTED=$(now)
kill -INT "$WRK"; wait "$WRK" || true
echo "orders posting (wrk, includes the tail of repeats): $(tail -1 "$OUT/post.txt")"
wait_drained
DONE=$(now)
kill "$SAMPLER" 2>/dev/null || true; SAMPLER=
cost_report "posting + billing" "$ORDERS"
echo "billing lag over time (every 0.5 s):"
cat "$OUT/lag.txt"

totals() { # user-prefix: "orders spent" summed over USERS profiles
  for u in $(seq 0 $((USERS - 1))); do echo "HMGET user:{$1$u} orders spent"; done \
    | redis-cli -p "$REDIS_PORT" | python3 -c '
import sys
from decimal import Decimal
v = [l.strip() for l in sys.stdin if l.strip()]
print(sum(int(x) for x in v[0::2] if x.isdigit()), sum(Decimal(x) for x in v[1::2] if x and x[0].isdigit()))'
}
check() { # label n "billed spent"
  python3 - "$1" "$2" $3 <<'PY'
import sys
from decimal import Decimal
label, n, billed, spent = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Decimal(sys.argv[4])
ok = billed == n and spent == Decimal(n) / 100
print(f"totals ({label}):  orders={billed} spent={spent} expected {n} and {Decimal(n) / 100}: {'OK' if ok else 'WRONG'}")
sys.exit(0 if ok else 1)
PY
}
python3 - "$START" "$POSTED" "$DONE" "$ORDERS" "$COUNTER_RPS" <<'PY'
import sys
start, posted, done = map(float, sys.argv[1:4]); n = int(sys.argv[4]); counter = float(sys.argv[5])
rate = n / (posted - start)
print(f"posting:           {rate:.0f} orders/s over {posted - start:.2f} s ({rate / counter:.2f}x the counter endpoint)")
print(f"billing end to end: {n / (done - start):.0f} orders/s (first post to last effect, {done - start:.2f} s)")
PY
check "posted" "$ORDERS" "$(totals bench-)"

# the backlog: written while the server is frozen, as OrderService.append writes an order's entry
kill -STOP "$SERVER_PID"
python3 - "$BACKLOG" "$USERS" "$STREAM" <<'PY' | redis-cli -p "$REDIS_PORT" --pipe > /dev/null
import sys
n, users, stream = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
out = sys.stdout
def cmd(*args):
    out.write(f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args))
for i in range(n):
    cmd("XADD", stream, "*", "orderId", f"backlog-{i}", "userId", f"backlog-{i % users}", "amountCents", "1",
        "currency", "EUR")
PY
echo "backlog: $(group_field lag) entries unread while the server is frozen"
cost_start
RESUMED=$(now)
kill -CONT "$SERVER_PID"
wait_drained
DRAINED=$(now)
python3 -c 'import sys; b, t = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f"billing a backlog: {b / t:.0f} orders/s ({b} orders in {t:.2f} s)")' \
  "$BACKLOG" "$RESUMED" "$DRAINED"
cost_report "billing a backlog" "$BACKLOG"
check "backlog" "$BACKLOG" "$(totals backlog-)"

echo "redis-benchmark XADD: $(redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 -P 1 \
  XADD bench:xadd MAXLEN '~' 100000 '*' orderId x userId y amountCents 1 | tr '\r' '\n' | tail -1)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
