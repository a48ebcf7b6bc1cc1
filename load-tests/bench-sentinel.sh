#!/usr/bin/env bash
# A sentinel-backed redwire against a standalone one, and replica acks on against off, in one run. Starts a
# master, its replica and a sentinel (quorum 1), and three redwire servers (the same jar): standalone mode
# on that master, sentinel mode (REDWIRE_REDIS_TYPE=sentinel), and sentinel mode with
# REDWIRE_REDIS_MIN_REPLICAS_ACK=1. Both Redis modes talk to the same master (with its replica attached),
# so the comparison is the client path and nothing else. Warms everything up, then for ROUNDS rounds
# measures in turn: the counter endpoint (wrk/counter-spread.lua) standalone and sentinel, and a durable
# write (wrk/counter-spread.lua aimed at POST /users/{id}/incr, the kind acks wait for) sentinel with acks off and on.
# Prints every round, the ratios per round and the medians; cleans up. About 6 minutes.
#   load-tests/bench-sentinel.sh           # ROUNDS=3 DURATION=15s CONNECTIONS=64 COUNTERS=64 USERS=64
#   JAR=/tmp/other.jar load-tests/bench-sentinel.sh   # another build
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
COUNTERS=${COUNTERS:-64}
USERS=${USERS:-64}
WARMUP_RUNS=${WARMUP_RUNS:-3}
BASE=${BASE_PORT:-7300}
KEY=bench-key-0123456789abcdef
MASTER_NAME=bench-master
OUT=$(mktemp -d)
for tool in redis-server redis-cli wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y redis-server redis-tools wrk)"; exit 1; }
done
JAR=${JAR:-target/redwire.jar}
[ -f "$JAR" ] || ./mvnw -q -DskipTests package

MASTER=$BASE; REPLICA=$((BASE + 1)); SENTINEL=$((BASE + 2))
HTTP_S=$((BASE + 10)); HTTP_T=$((BASE + 11)); HTTP_A=$((BASE + 12))
cleanup() {
  kill "${PID_S:-}" "${PID_T:-}" "${PID_A:-}" 2>/dev/null || true
  for p in $SENTINEL $REPLICA $MASTER; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  rm -rf "$OUT"
}
trap cleanup EXIT

redis-server --port "$MASTER" --bind 127.0.0.1 --dir "$OUT" --save "" --appendonly no --daemonize yes >/dev/null
mkdir -p "$OUT/replica"  # a replica stores the synced snapshot in its dir
redis-server --port "$REPLICA" --bind 127.0.0.1 --dir "$OUT/replica" --save "" --appendonly no --daemonize yes \
  --replicaof 127.0.0.1 "$MASTER" >/dev/null
cat > "$OUT/sentinel.conf" <<CONF
port $SENTINEL
bind 127.0.0.1
dir $OUT
sentinel monitor $MASTER_NAME 127.0.0.1 $MASTER 1
sentinel down-after-milliseconds $MASTER_NAME 5000
CONF
redis-server "$OUT/sentinel.conf" --sentinel --daemonize yes >/dev/null
for _ in $(seq 1 300); do
  redis-cli -p "$REPLICA" info replication 2>/dev/null | grep -q master_link_status:up \
    && redis-cli -p "$SENTINEL" sentinel get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | grep -q "$MASTER" && break
  sleep 0.1
done
redis-cli -p "$SENTINEL" sentinel get-master-addr-by-name "$MASTER_NAME" | grep -q "$MASTER" \
  || { echo "the sentinel set did not come up"; exit 1; }

start() { # port type url [more env]
  env REDIS_URL=$3 REDWIRE_REDIS_TYPE=$2 REDWIRE_REDIS_MASTER_NAME=$MASTER_NAME HTTP_PORT=$1 REDWIRE_PROFILE=prod \
    REDWIRE_API_KEYS=$KEY:service REDWIRE_RATE_LIMIT=1000000000/60s REDWIRE_REDIS_CONNECT_TIMEOUT_MS=10000 ${4:-} \
    java ${JAVA_OPTS:-} -jar "$JAR" > "$OUT/server-$1.log" 2>&1 &
}
ready() {
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return; sleep 0.1; done
  echo "server on $1 did not start:"; cat "$OUT/server-$1.log"; exit 1
}
# one after the other: three JVMs starting at once on a busy machine miss the startup PING's timeout
start "$HTTP_S" standalone "redis://127.0.0.1:$MASTER"; PID_S=$!; ready "$HTTP_S"
start "$HTTP_T" sentinel "redis://127.0.0.1:$SENTINEL"; PID_T=$!; ready "$HTTP_T"
start "$HTTP_A" sentinel "redis://127.0.0.1:$SENTINEL" "REDWIRE_REDIS_MIN_REPLICAS_ACK=1"; PID_A=$!; ready "$HTTP_A"
counters() { REDWIRE_KEY=$KEY COUNTERS=$COUNTERS wrk -t2 -c"$CONNECTIONS" -d"$2" -s load-tests/wrk/counter-spread.lua \
  "http://127.0.0.1:$1" | tail -1; }
profiles() { REDWIRE_KEY=$KEY COUNTERS=$USERS PATH_FORMAT='/api/v1/users/bench-%d/incr' \
  BODY='{"field":"visits","by":1}' wrk -t2 -c"$CONNECTIONS" -d"$2" -s load-tests/wrk/counter-spread.lua \
  "http://127.0.0.1:$1" | tail -1; }
echo "warming up the three servers: $WARMUP_RUNS runs of 10s each"
for _ in $(seq 1 "$WARMUP_RUNS"); do
  counters "$HTTP_S" 10s >/dev/null; counters "$HTTP_T" 10s >/dev/null
  profiles "$HTTP_T" 10s >/dev/null; profiles "$HTTP_A" 10s >/dev/null
done
: > "$OUT/rounds"
for round in $(seq 1 "$ROUNDS"); do
  s=$(counters "$HTTP_S" "$DURATION"); t=$(counters "$HTTP_T" "$DURATION")
  w=$(profiles "$HTTP_T" "$DURATION"); a=$(profiles "$HTTP_A" "$DURATION")
  echo "== round $round"
  echo "counter, standalone      $s"; echo "counter, sentinel        $t"
  echo "profile incr, acks off   $w"; echo "profile incr, acks on    $a"
  echo "$s|$t|$w|$a" >> "$OUT/rounds"
done
python3 - "$OUT/rounds" <<'PY'
import re, statistics, sys
rows = [line.strip().split("|") for line in open(sys.argv[1]) if line.strip()]
rate = lambda t: float(re.search(r"requests/s: (\d+)", t).group(1))
p99 = lambda t: float(re.search(r"p99: ([\d.]+)", t).group(1))
errors = lambda t: int(re.search(r"errors: (\d+)", t).group(1))
sentinel = [rate(t) / rate(s) for s, t, _, _ in rows]
acks = [rate(a) / rate(w) for _, _, w, a in rows]
for i, (r, k) in enumerate(zip(sentinel, acks), 1):
    print(f"round {i}: sentinel/standalone {r:.2f}; acks on/off {k:.2f}")
med = lambda col: statistics.median(rate(r[col]) for r in rows)
medp = lambda col: statistics.median(p99(r[col]) for r in rows)
print(f"median counter: standalone {med(0):.0f}/s p99 {medp(0):.2f} ms; sentinel {med(1):.0f}/s p99 {medp(1):.2f} ms;"
      f" ratio {statistics.median(sentinel):.2f}")
print(f"median profile incr on sentinel: acks off {med(2):.0f}/s p99 {medp(2):.2f} ms; acks on {med(3):.0f}/s"
      f" p99 {medp(3):.2f} ms; ratio {statistics.median(acks):.2f}; errors (non-2xx) with acks on:"
      f" {sum(errors(r[3]) for r in rows)}")
PY
