#!/usr/bin/env bash
# Live leaderboard feed benchmark of issue 10 (loopback only): two redwire processes on one private Redis,
# FEED_CLIENTS WebSocket clients (Node `ws`, load-tests/ws-load) spread over both, each subscribed to
# {"op":"subscribe","channel":"leaderboard:bench","top":TOP}, while a separate process sends WRITES_PER_S
# score writes per second (POST /api/v1/leaderboards/bench/scores {"member":"m<n % 1000>","score":n,"mode":"set"},
# alternating between the two processes; every write is a new high score, so the top window changes all
# the time). Per client count it prints leaderboard frames per second per client, Redis commands per
# second (with the busiest commands), and server CPU, measured over MEASURE_S seconds after WARM_S.
# Goal (issue 10): Redis commands/s the same at 100 and at 5,000 clients; at most one frame per
# 100 ms per client (the feed's interval).
#   load-tests/bench-leaderboard-feed.sh                 # FEED_CLIENTS="100 5000" ROUNDS=1
#   FEED_CLIENTS="100 1000 5000" ROUNDS=2 WRITES_PER_S=2000 MEASURE_S=20 load-tests/bench-leaderboard-feed.sh
# Needs a redwire build with /ws and the live leaderboard feed: it says so and stops otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
FEED_CLIENTS=${FEED_CLIENTS:-100 5000}
ROUNDS=${ROUNDS:-1}
TOP=${TOP:-10}
WRITES_PER_S=${WRITES_PER_S:-2000}
WARM_S=${WARM_S:-5}
MEASURE_S=${MEASURE_S:-20}
CONCURRENCY=${CONCURRENCY:-200}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx512m}
REDIS_PORT=${REDIS_PORT_REDWIRE:-6473}
PORTS=${REDWIRE_PORTS:-8475 8476}
BOARD=bench
CHANNEL=leaderboard:$BOARD
KEY=bench-key-0123456789abcdef
OUT=$(mktemp -d /tmp/bench-feed.XXXXXX)
RESULTS=$OUT/results.jsonl
LOAD=load-tests/ws-load
# shellcheck source=ws-load/servers.sh
. $LOAD/servers.sh

for tool in redis-server redis-cli node npm java python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y redis-server redis-tools nodejs npm python3 curl)"; exit 1; }
done
ulimit -n "$(ulimit -Hn)"
for n in $FEED_CLIENTS; do
  [ "$n" -le $(( $(ulimit -n) - 500 )) ] || { echo "$n clients need more open files than ulimit -n $(ulimit -n) allows"; exit 2; }
done
[ -d $LOAD/node_modules/ws ] || (cd $LOAD && npm ci --no-audit --no-fund --silent)
REDWIRE_JAR=${REDWIRE_JAR:-target/redwire.jar}  # another build: REDWIRE_JAR=/path/to/redwire.jar
[ -f "$REDWIRE_JAR" ] || ./mvnw -q -DskipTests package

cleanup() {
  for pid in "${CLIENT_PID:-}" "${WRITER_PID:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  servers_cleanup
  if [ "${KEEP_LOGS:-0}" = 1 ]; then echo "logs kept in $OUT"; else rm -rf "$OUT"; fi
}
trap cleanup EXIT

bases() { local p b=""; for p in $PORTS; do b="$b${b:+,}http://127.0.0.1:$p"; done; echo "$b"; }

writer() { # seconds rate (exec: run in the background, $! is node itself, so the kill below reaches it)
  exec node $LOAD/publisher.js --target=scores --base="$(bases)" --token=$KEY --board=$BOARD \
    --rate="$2" --duration-s="$1" --members=1000
}

feed_client() { # clients dir warm measure [extra args]
  node $LOAD/client.js --mode=leaderboard --clients="$1" --urls="$(ws_urls "$PORTS")" --token=$KEY \
    --channel=$CHANNEL --top="$TOP" --concurrency="$CONCURRENCY" --warm-s="$3" --measure-s="$4" \
    --ready-file="$2/ready" --result-file="$2/client.json" --max-run-s=$(( $3 + $4 + 30 )) "${@:5}" \
    > "$2/client.out" 2> "$2/client.err" &
  CLIENT_PID=$!
}

measure() { # clients label
  local clients=$1 d="$OUT/feed-$1-$2"
  mkdir -p "$d"
  reset_peak_rss redwire
  feed_client "$clients" "$d" "$WARM_S" "$MEASURE_S"
  if ! wait_for_file "$d/ready" "$CLIENT_PID" 1900; then
    kill "$CLIENT_PID" 2>/dev/null || true; wait "$CLIENT_PID" 2>/dev/null || true; CLIENT_PID=
    echo "$clients clients: not all subscribed: $(cat "$d/client.json" 2>/dev/null || cat "$d/client.err")"
    return 1
  fi
  writer $(( WARM_S + MEASURE_S + 2 )) "$WRITES_PER_S" > "$d/publisher.json" &
  WRITER_PID=$!
  sleep "$WARM_S"
  sample "$d" before redwire
  sleep "$MEASURE_S"
  sample "$d" after redwire
  kill "$WRITER_PID" 2>/dev/null || true # it reports what it had sent and had answered by now
  wait "$CLIENT_PID" || true; CLIENT_PID=
  wait "$WRITER_PID" || true; WRITER_PID=
  python3 $LOAD/report.py row "$d" redwire "$clients" > "$d/row.json"
  [ "$2" = warmup ] || cat "$d/row.json" >> "$RESULTS"
  python3 - "$d/row.json" "$2" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1])); c = r['client']; f = c.get('framesPerClientPerSecond') or {}
busiest = sorted(r['redisCommandCalls'].items(), key=lambda kv: -kv[1])[:5]
print(f"{sys.argv[2]:>7} {r['clients']:>6} clients: {f.get('mean')} frames/s per client ({f.get('min')}-{f.get('max')}),"
      f" writes sent {r['publisher'].get('ratePerSecond')}/s, answered 2xx {r['publisher'].get('okPerSecond')}/s ({r['publisher'].get('failed')} failed),"
      f" Redis {r['redisCommandsPerSecond']}/s [" + ', '.join(f"{k} {v / r['seconds']:.0f}/s" for k, v in busiest) + "],"
      f" server CPU {r['serverCpuSeconds']['user']}+{r['serverCpuSeconds']['system']} s, RSS {r['peakRssMiBPerProcess']} MiB,"
      f" box {r['boxBusyPercent']} % busy, load {r['loadavg1']}" + (f" [{c.get('firstFailure')}]" if c.get('firstFailure') else ''))
EOF
  sleep 3
}

probe() { # one client must get a leaderboard frame while scores arrive, or this build has no feed yet
  local d="$OUT/probe"
  mkdir -p "$d"
  feed_client 1 "$d" 0 3 --connect-timeout-s=20
  if wait_for_file "$d/ready" "$CLIENT_PID" 200; then (writer 4 50 > "$d/publisher.json") || true; fi
  wait "$CLIENT_PID" || true; CLIENT_PID=
  if ! python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); sys.exit(0 if c.get("framesPerSecondTotal", 0) > 0 else 1)' \
      "$d/client.json" 2>/dev/null; then
    echo "the probe (one client on $CHANNEL while scores arrive) got no leaderboard frame:"
    echo "  client: $(cat "$d/client.json" 2>/dev/null || cat "$d/client.err")"
    echo "  writer: $(cat "$d/publisher.json" 2>/dev/null)"
    echo "(this redwire build has no live leaderboard feed on /ws yet; the script is ready for when it has)"
    exit 1
  fi
}

echo "bench-leaderboard-feed: clients $FEED_CLIENTS, top $TOP, $WRITES_PER_S score writes/s, ${WARM_S}s + ${MEASURE_S}s" \
  "per measurement, rounds $ROUNDS, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start_redwire "$REDIS_PORT" "$PORTS"
probe
measure 100 warmup || true
for round in $(seq 1 "$ROUNDS"); do
  for n in $FEED_CLIENTS; do measure "$n" "round$round" || true; done
done
echo
[ -s "$RESULTS" ] && python3 $LOAD/report.py feed-table "$RESULTS"
if [ "${RESULTS_TO:-}" ]; then cp "$RESULTS" "$RESULTS_TO"; fi
