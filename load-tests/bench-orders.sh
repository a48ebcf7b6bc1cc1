#!/usr/bin/env bash
# Orders end to end, on one machine, loopback only: starts its own redis-server and redwire, warms both
# paths up (WARMUP_RUNS wrk runs of WARMUP each, on orderIds and users of their own), then ROUNDS rounds of
#  1. the counter endpoint for DURATION (the reference: posting should reach at least 0.5x of it),
#  2. ORDERS (50000) new orders posted over HTTP with wrk, timed until the stream holds them (posting
#     throughput), while the billing group's lag and pending are sampled every 0.5 s until every order is
#     billed (end-to-end billing = orders / (first post .. last effect): bounded by the posting rate),
#     then the totals: sum of `orders` over the round's users = orders posted, sum of `spent` = that x 0.01;
# and once
#  3. a backlog billed alone: the server is frozen (SIGSTOP, so its JIT stays warm), BACKLOG orders are
#     XADDed to the stream as POST /api/v1/orders writes them, the server resumes (SIGCONT): drain rate =
#     backlog / (resume .. group drained); the backlog users' totals are checked the same way,
#  4. redis-benchmark XADD on the same Redis for the raw figure.
# Each phase also prints CPU per unit (redwire's JVM and redis-server, from /proc) and Redis time per
# unit by command (INFO commandstats): steadier than throughput on a shared machine. Medians at the end.
#   load-tests/bench-orders.sh
#   ORDERS=50000 BACKLOG=50000 ROUNDS=3 USERS=1000 CONNECTIONS=64 DURATION=10s WARMUP=5s WARMUP_RUNS=3 \
#     JAVA_OPTS=... load-tests/bench-orders.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${ORDERS:-50000}
BACKLOG=${BACKLOG:-$ORDERS}
ROUNDS=${ROUNDS:-3}
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
  [ -n "${WRK:-}" ] && kill "$WRK" 2>/dev/null || true
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
xlen() { redis-cli -p "$REDIS_PORT" XLEN "$STREAM"; }
group_field() { # the billing group's field of XINFO GROUPS (pending, lag, entries-read)
  redis-cli -p "$REDIS_PORT" XINFO GROUPS "$STREAM" | awk -v f="$1" 'prev == f { print; exit } { prev = $0 }'
}
drained() { [ "$(group_field lag)" = "0" ] && [ "$(group_field pending)" = "0" ]; }
wait_drained() { until drained; do sleep 0.05; done; }
settle() { # until the requests still in flight when wrk stopped have landed
  local prev=-1
  until [ "$(xlen)" = "$prev" ]; do prev=$(xlen); sleep 0.2; done
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system, in 1/100 s
counter() { REDWIRE_KEY=$KEY wrk -t2 -c"$CONNECTIONS" -d"$1" -s load-tests/wrk/counter-incr.lua "$URL"; }
start_posting() { # id-prefix user-prefix: wrk in the background (itself, not a subshell: that ignores SIGINT)
  REDWIRE_KEY=$KEY USERS=$USERS ID_PREFIX=$1 USER_PREFIX=$2 \
    wrk -t2 -c"$CONNECTIONS" -d600s -s load-tests/wrk/orders-post.lua "$URL" > "$OUT/post.txt" 2>&1 &
  WRK=$!
}
stop_posting() { kill -INT "$WRK"; wait "$WRK" || true; WRK=; }
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
usec = {m.group(1): int(m.group(2)) for m in re.finditer(r"cmdstat_([a-z|_]+):calls=\d+,usec=(\d+)", sys.stdin.read())}
top = sorted(((u, c) for c, u in usec.items() if c not in ("config|resetstat", "info")), reverse=True)[:4]
print(f"  {label}: CPU per unit: redwire {j * 1e4 / n:.1f} us, redis-server {r * 1e4 / n:.1f} us; "
      "Redis time per unit by command (a script counts what it calls too): "
      + ", ".join(f"{c} {u / n:.1f} us" for u, c in top))' "$1" "$2" "$j" "$r"
}
totals() { # user-prefix: "orders spent" summed over USERS profiles
  for u in $(seq 0 $((USERS - 1))); do echo "HMGET user:{$1$u} orders spent"; done \
    | redis-cli -p "$REDIS_PORT" | python3 -c '
import sys
from decimal import Decimal
v = [l.strip() for l in sys.stdin if l.strip()]
print(sum(int(x) for x in v[0::2] if x.isdigit()), sum(Decimal(x) for x in v[1::2] if x and x[0].isdigit()))'
}
check() { # label n "billed spent": exactly once, or the script fails
  python3 - "$1" "$2" $3 <<'PY'
import sys
from decimal import Decimal
label, n, billed, spent = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), Decimal(sys.argv[4])
ok = billed == n and spent == Decimal(n) / 100
print(f"  totals ({label}): orders={billed} spent={spent} expected {n} and {Decimal(n) / 100}: {'OK' if ok else 'WRONG'}")
sys.exit(0 if ok else 1)
PY
}
sample_lag() { # prints "t lag pending" every 0.5 s until stopped
  local start=$1
  while :; do
    python3 -c 'import sys, time; print(f"    t={time.time() - float(sys.argv[1]):6.2f}s lag={sys.argv[2]} pending={sys.argv[3]}")' \
      "$start" "$(group_field lag)" "$(group_field pending)"
    sleep 0.5
  done
}

echo "warming up (JIT): $WARMUP_RUNS x ($WARMUP counter + $WARMUP orders)"
for run in $(seq 1 "$WARMUP_RUNS"); do
  counter "$WARMUP" >/dev/null
  start_posting "w$run-" "warm-"; sleep "${WARMUP%s}"; stop_posting
done
settle
wait_drained

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round"
  cost_start
  line=$(counter "$DURATION" | tail -1)
  echo "counter endpoint: $line" | tee -a "$OUT/counter.txt"
  rps=$(echo "$line" | sed -E 's/requests\/s: ([0-9]+).*/\1/')
  cost_report "counter" "$(python3 -c "print(int($rps * ${DURATION%s}))")"

  base=$(xlen)
  cost_start
  start=$(now)
  sample_lag "$start" > "$OUT/lag.txt" &
  SAMPLER=$!
  start_posting "r$round-" "bench$round-"
  until [ "$(xlen)" -ge $((base + ORDERS)) ]; do sleep 0.02; done
  posted=$(now)
  stop_posting
  settle
  wait_drained
  done_at=$(now)
  kill "$SAMPLER" 2>/dev/null || true; SAMPLER=
  n=$(( $(xlen) - base )) # what reached the stream, the requests in flight at the stop included
  python3 - "$start" "$posted" "$done_at" "$ORDERS" "$n" "$rps" <<'PY' | tee -a "$OUT/orders.txt"
import sys
start, posted, done = map(float, sys.argv[1:4]); target, n, counter = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
rate = target / (posted - start)
print(f"posting: {rate:.0f} orders/s ({rate / counter:.2f}x the counter endpoint; {target} in {posted - start:.2f} s)"
      f"  billing end to end: {n / (done - start):.0f} orders/s ({n} in {done - start:.2f} s)")
PY
  cost_report "posting + billing" "$n"
  echo "  billing lag over time (every 0.5 s):"; cat "$OUT/lag.txt"
  check "round $round" "$n" "$(totals "bench$round-")"
done

echo "== a backlog billed alone"
kill -STOP "$SERVER_PID"
python3 - "$BACKLOG" "$USERS" "$STREAM" <<'PY' | redis-cli -p "$REDIS_PORT" --pipe > /dev/null
import sys
n, users, stream = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
out = sys.stdout
def cmd(*args):
    out.write(f"*{len(args)}\r\n" + "".join(f"${len(a.encode())}\r\n{a}\r\n" for a in args))
for i in range(n):  # the fields OrderService.append writes
    cmd("XADD", stream, "*", "orderId", f"backlog-{i}", "userId", f"backlog-{i % users}", "amountCents", "1",
        "currency", "EUR")
PY
echo "  $(group_field lag) entries unread while the server is frozen"
cost_start
resumed=$(now)
kill -CONT "$SERVER_PID"
wait_drained
drained_at=$(now)
python3 -c 'import sys; b, t = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f"billing a backlog: {b / t:.0f} orders/s ({b} in {t:.2f} s)")' \
  "$BACKLOG" "$resumed" "$drained_at"
cost_report "billing a backlog" "$BACKLOG"
check "backlog" "$BACKLOG" "$(totals backlog-)"

echo "redis-benchmark XADD: $(redis-benchmark -p "$REDIS_PORT" -q -n 200000 -c 50 -P 1 \
  XADD bench:xadd MAXLEN '~' 100000 '*' orderId x userId y amountCents 1 | tr '\r' '\n' | tail -1)"
python3 - "$OUT" <<'PY'
import re, statistics, sys
d = sys.argv[1]
def col(name, pattern):
    return [float(re.search(pattern, l).group(1)) for l in open(f"{d}/{name}.txt")]
counter, posting = col("counter", r"requests/s: ([0-9.]+)"), col("orders", r"posting: ([0-9.]+)")
e2e = col("orders", r"end to end: ([0-9.]+)")
m = statistics.median
print(f"== medians of {len(counter)} rounds: counter {m(counter):.0f}/s, posting {m(posting):.0f} orders/s "
      f"({m([p / c for p, c in zip(posting, counter)]):.2f}x, per round "
      + " ".join(f"{p / c:.2f}" for p, c in zip(posting, counter)) + f"), billing end to end {m(e2e):.0f}/s")
PY
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
