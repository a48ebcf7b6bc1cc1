#!/usr/bin/env bash
# WebSocket fan-out benchmark of issue 10 (loopback only): redwire and the bare Vert.x baseline
# (load-tests/ws-baseline), each as two server processes on its own private Redis, measured in turn
# (interleaved per client count, the order alternating) so both see the same machine drift.
# Per measurement: CLIENTS connections spread over the two processes (Node `ws`, load-tests/ws-load),
# all subscribed to news:bench, then a separate publisher process sends MESSAGES messages at RATE/s,
# each with its send time: via POST /api/v1/notifications for redwire, a direct PUBLISH for the baseline.
# Prints delivered/expected, p50/p99/max latency, server CPU per delivery (user + system, both processes,
# from /proc/<pid>/stat), peak RSS per process (VmHWM, reset before each measurement), Redis commands/s.
#   load-tests/bench-fanout.sh                          # both, 1000 2500 5000 10000 clients
#   TARGET=baseline CLIENTS="1000 2500" load-tests/bench-fanout.sh
#   ROUNDS=2 MESSAGES=200 RATE=20 WARMUP_CLIENTS=1000 SERVER_JAVA_OPTS=-Xmx512m BASELINE_NATIVE=false ...
# About 1-2 minutes per client count and target at 10,000 clients, less below; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${TARGET:-both}                  # both | baseline | redwire
CLIENTS=${CLIENTS:-1000 2500 5000 10000}
ROUNDS=${ROUNDS:-1}
MESSAGES=${MESSAGES:-200}
RATE=${RATE:-20}
WARMUP_CLIENTS=${WARMUP_CLIENTS:-1000}  # one unreported pass per target first (JIT); 0: none
CONCURRENCY=${CONCURRENCY:-200}         # WebSocket handshakes in flight at once
GRACE_S=${GRACE_S:-90}                  # after the last publish, how long deliveries may still arrive
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx512m}
BASELINE_NATIVE=${BASELINE_NATIVE:-true} # epoll like redwire; false: NIO
REDIS_PORT_BASELINE=${REDIS_PORT_BASELINE:-6471}
REDIS_PORT_REDWIRE=${REDIS_PORT_REDWIRE:-6472}
BASELINE_PORTS=${BASELINE_PORTS:-8471 8472}
REDWIRE_PORTS=${REDWIRE_PORTS:-8473 8474}
CHANNEL=news:bench
KEY=bench-key-0123456789abcdef
OUT=$(mktemp -d /tmp/bench-fanout.XXXXXX)
RESULTS=$OUT/results.jsonl
LOAD=load-tests/ws-load
# shellcheck source=ws-load/servers.sh
. $LOAD/servers.sh

case "$TARGET" in both) TARGETS=(baseline redwire) ;; baseline|redwire) TARGETS=("$TARGET") ;;
  *) echo "TARGET must be both, baseline or redwire"; exit 2 ;; esac
for tool in redis-server redis-cli node npm java python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y redis-server redis-tools nodejs npm python3 curl)"; exit 1; }
done
ulimit -n "$(ulimit -Hn)"
for n in $CLIENTS $WARMUP_CLIENTS; do
  [ "$n" -le $(( $(ulimit -n) - 500 )) ] || { echo "$n clients need more open files than ulimit -n $(ulimit -n) allows"; exit 2; }
done
[ -d $LOAD/node_modules/ws ] || (cd $LOAD && npm ci --no-audit --no-fund --silent)
[ -f load-tests/ws-baseline/target/ws-baseline.jar ] || ./mvnw -q -f load-tests/ws-baseline/pom.xml package
REDWIRE_JAR=${REDWIRE_JAR:-target/redwire.jar}  # another build: REDWIRE_JAR=/path/to/redwire.jar
if [[ " ${TARGETS[*]} " == *" redwire "* ]]; then [ -f "$REDWIRE_JAR" ] || ./mvnw -q -DskipTests package; fi

cleanup() {
  [ -n "${CLIENT_PID:-}" ] && kill "$CLIENT_PID" 2>/dev/null || true
  servers_cleanup
  if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "logs kept in $OUT"; else rm -rf "$OUT"; fi
}
trap cleanup EXIT

ports_of() { [ "$1" = baseline ] && echo "$BASELINE_PORTS" || echo "$REDWIRE_PORTS"; }
urls_of() { ws_urls "$(ports_of "$1")"; }

publish() { # target
  if [ "$1" = baseline ]; then
    node $LOAD/publisher.js --target=redis --redis-port="$REDIS_PORT_BASELINE" --channel=$CHANNEL \
      --count="$MESSAGES" --rate="$RATE"
  else
    node $LOAD/publisher.js --target=http --base="http://127.0.0.1:${REDWIRE_PORTS%% *}" --token=$KEY \
      --channel=$CHANNEL --count="$MESSAGES" --rate="$RATE"
  fi
}

measure() { # target clients label -> appends a row to $RESULTS unless label is warmup
  local target=$1 clients=$2 d="$OUT/$1-$2-$3"
  mkdir -p "$d"
  reset_peak_rss "$target"
  node $LOAD/client.js --clients="$clients" --urls="$(urls_of "$target")" --token=$KEY \
    --channel=$CHANNEL --messages="$MESSAGES" --concurrency="$CONCURRENCY" --ready-file="$d/ready" \
    --result-file="$d/client.json" --max-run-s=$(( MESSAGES / RATE + GRACE_S )) > "$d/client.out" 2> "$d/client.err" &
  CLIENT_PID=$!
  if ! wait_for_file "$d/ready" "$CLIENT_PID" 1900; then
    kill "$CLIENT_PID" 2>/dev/null || true; wait "$CLIENT_PID" 2>/dev/null || true; CLIENT_PID=
    echo "$target, $clients clients: not all subscribed: $(cat "$d/client.json" 2>/dev/null || cat "$d/client.err")"
    return 1
  fi
  sample "$d" before "$target"
  publish "$target" > "$d/publisher.json" || true
  wait "$CLIENT_PID" || true
  sample "$d" after "$target"
  CLIENT_PID=
  python3 $LOAD/report.py row "$d" "$target" "$clients" > "$d/row.json"
  if [ "$3" != warmup ]; then cat "$d/row.json" >> "$RESULTS"; fi
  python3 - "$d/row.json" "$3" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); c = r['client']; cpu = r.get('cpuUsPerDelivery', {})
print(f"{sys.argv[2]:>7} {r['target']:<8} {r['clients']:>6} clients: delivered {c.get('delivered')}/{c.get('expected')}"
      f" p50/p99/max {c.get('p50')}/{c.get('p99')}/{c.get('max')} ms, CPU {cpu.get('total')} us/delivery"
      f" ({cpu.get('user')} user + {cpu.get('system')} sys), RSS {r['peakRssMiBPerProcess']} MiB,"
      f" Redis {r['redisCommandsPerSecond']}/s, box {r['boxBusyPercent']} % busy, load {r['loadavg1']}"
      + (f", publish response p50/p99 {r['publisher']['responseMs']['p50']}/{r['publisher']['responseMs']['p99']} ms"
         if r['publisher'].get('responseMs') else '')
      + (f", {c['outOfOrder']} out of order" if c.get('outOfOrder') else '')
      + (f" [{c.get('firstFailure')}]" if c.get('firstFailure') else ''))
EOF
  sleep 3 # let the closed connections go before the next measurement
}

probe() { # target: one client and one message, so a server without /ws fails here, not mid-run
  local d="$OUT/probe-$1"
  mkdir -p "$d"
  node $LOAD/client.js --clients=1 --urls="$(urls_of "$1")" --token=$KEY --channel=$CHANNEL \
    --messages=1 --ready-file="$d/ready" --connect-timeout-s=20 --max-run-s=20 > "$d/client.json" 2>/dev/null &
  CLIENT_PID=$!
  if wait_for_file "$d/ready" "$CLIENT_PID" 200; then publish "$1" > /dev/null 2>&1 || true; fi
  wait "$CLIENT_PID" || true
  CLIENT_PID=
  if ! grep -q '"delivered":1,' "$d/client.json"; then
    echo "$1 failed the probe (one client, one message): $(cat "$d/client.json")"
    [ "$1" = redwire ] && echo "(does this redwire build have /ws and POST /api/v1/notifications yet? TARGET=baseline runs the baseline alone)"
    exit 1
  fi
}

echo "bench-fanout: targets ${TARGETS[*]}, clients $CLIENTS, $MESSAGES messages at $RATE/s, rounds $ROUNDS," \
  "server JVM options '$SERVER_JAVA_OPTS', $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for t in "${TARGETS[@]}"; do
  if [ "$t" = baseline ]; then start_baseline "$REDIS_PORT_BASELINE" "$BASELINE_PORTS" "$CHANNEL"
  else start_redwire "$REDIS_PORT_REDWIRE" "$REDWIRE_PORTS"; fi
  probe "$t"
done
if [ "$WARMUP_CLIENTS" -gt 0 ]; then
  for t in "${TARGETS[@]}"; do measure "$t" "$WARMUP_CLIENTS" warmup || true; done
fi
flip=0
for round in $(seq 1 "$ROUNDS"); do
  for n in $CLIENTS; do
    if [ $flip = 0 ]; then order=("${TARGETS[@]}"); else order=(); for ((i=${#TARGETS[@]}-1; i>=0; i--)); do order+=("${TARGETS[$i]}"); done; fi
    flip=$(( 1 - flip ))
    for t in "${order[@]}"; do measure "$t" "$n" "round$round" || true; done
  done
done
echo
[ -s "$RESULTS" ] && python3 $LOAD/report.py table "$RESULTS"
if [ "${RESULTS_TO:-}" ]; then cp "$RESULTS" "$RESULTS_TO"; fi
