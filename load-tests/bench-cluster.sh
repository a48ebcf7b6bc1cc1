#!/usr/bin/env bash
# The counter endpoint on one Redis and on a 3-master loopback Redis Cluster, in one run: starts a
# standalone redis-server, three cluster nodes (redis-cli --cluster create) and two redwire servers (the
# same jar, REDWIRE_REDIS_TYPE=standalone and =cluster), warms both up, then measures them in turn for
# ROUNDS rounds with requests spread over COUNTERS counters (so the cluster uses every master). Prints
# every round, the cluster/standalone ratio per round and the medians; cleans up. About 4 minutes.
#   load-tests/bench-cluster.sh            # ROUNDS=3 DURATION=20s CONNECTIONS=64 COUNTERS=64
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
COUNTERS=${COUNTERS:-64}
WARMUP_RUNS=${WARMUP_RUNS:-3}
BASE=${BASE_PORT:-7200}
KEY=bench-key-0123456789abcdef
OUT=$(mktemp -d)
for tool in redis-server redis-cli wrk python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y redis-server redis-tools wrk)"; exit 1; }
done
[ -f target/redwire.jar ] || ./mvnw -q -DskipTests package

STANDALONE=$BASE; NODES="$((BASE + 1)) $((BASE + 2)) $((BASE + 3))"; HTTP_S=$((BASE + 10)); HTTP_C=$((BASE + 11))
cleanup() {
  kill "${PID_S:-}" "${PID_C:-}" 2>/dev/null || true
  for p in $STANDALONE $NODES; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  rm -rf "$OUT"
}
trap cleanup EXIT

redis-server --port "$STANDALONE" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
SEEDS=""
for p in $NODES; do
  mkdir -p "$OUT/$p"
  (cd "$OUT/$p" && redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout 2000 --save "" --appendonly no --daemonize yes >/dev/null)
  SEEDS="$SEEDS${SEEDS:+,}redis://127.0.0.1:$p"
done
sleep 0.5
redis-cli --cluster create $(for p in $NODES; do printf '127.0.0.1:%s ' "$p"; done) --cluster-replicas 0 --cluster-yes >/dev/null
for _ in $(seq 1 100); do redis-cli -p "${NODES%% *}" cluster info | grep -q cluster_state:ok && break; sleep 0.1; done

start() { # port type url
  env REDIS_URL=$3 REDWIRE_REDIS_TYPE=$2 HTTP_PORT=$1 REDWIRE_PROFILE=prod REDWIRE_API_KEYS=$KEY:service \
    REDWIRE_RATE_LIMIT=1000000000/60s java ${JAVA_OPTS:-} -jar target/redwire.jar > "$OUT/server-$1.log" 2>&1 &
}
start "$HTTP_S" standalone "redis://127.0.0.1:$STANDALONE"; PID_S=$!
start "$HTTP_C" cluster "$SEEDS"; PID_C=$!
for p in $HTTP_S $HTTP_C; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/health/ready" >/dev/null && break; sleep 0.1; done
done
load() { REDWIRE_KEY=$KEY COUNTERS=$COUNTERS wrk -t2 -c"$CONNECTIONS" -d"$2" -s load-tests/wrk/counter-spread.lua \
  "http://127.0.0.1:$1" | tail -1; }
echo "warming up both servers: $WARMUP_RUNS runs of 10s each"
for _ in $(seq 1 "$WARMUP_RUNS"); do load "$HTTP_S" 10s >/dev/null; load "$HTTP_C" 10s >/dev/null; done
: > "$OUT/rounds"
for round in $(seq 1 "$ROUNDS"); do
  s=$(load "$HTTP_S" "$DURATION"); c=$(load "$HTTP_C" "$DURATION")
  echo "== round $round"; echo "standalone  $s"; echo "cluster     $c"
  echo "$s|$c" >> "$OUT/rounds"
done
python3 - "$OUT/rounds" <<'PY'
import re, statistics, sys
rows = [line.strip().split("|") for line in open(sys.argv[1]) if line.strip()]
rate = lambda t: float(re.search(r"requests/s: (\d+)", t).group(1))
p99 = lambda t: float(re.search(r"p99: ([\d.]+)", t).group(1))
ratios = [rate(c) / rate(s) for s, c in rows]
for i, r in enumerate(ratios, 1):
    print(f"round {i}: cluster/standalone {r:.2f}")
print(f"median: standalone {statistics.median(rate(s) for s, _ in rows):.0f}/s p99 {statistics.median(p99(s) for s, _ in rows):.2f} ms;"
      f" cluster {statistics.median(rate(c) for _, c in rows):.0f}/s p99 {statistics.median(p99(c) for _, c in rows):.2f} ms;"
      f" ratio {statistics.median(ratios):.2f}")
PY
