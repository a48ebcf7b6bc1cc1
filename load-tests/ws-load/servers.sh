# Shared by load-tests/bench-fanout.sh and bench-leaderboard-feed.sh (sourced; bash). Starts the servers
# under test on loopback and samples them. The caller sets OUT (a scratch directory), KEY (the service API
# key), SERVER_JAVA_OPTS, optionally REDWIRE_JAR (default target/redwire.jar), and calls servers_cleanup
# from its EXIT trap.
SERVER_PIDS=()
REDIS_PORTS=()
declare -A PIDS_OF      # target -> its server pids
declare -A REDIS_OF     # target -> its Redis port

servers_cleanup() {
  local pid port
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for port in "${REDIS_PORTS[@]}"; do redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; done
}

start_redis() { # port
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --logfile "$OUT/redis-$1.log" >/dev/null
  REDIS_PORTS+=("$1")
  for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "redis-server on $1 did not start"; exit 1
}

wait_http() { # url log
  for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return; sleep 0.1; done
  echo "no answer from $1 within 60 s; the end of $2:"; tail -20 "$2"; exit 1
}

start_baseline() { # redis-port "http ports" channel
  start_redis "$1"
  REDIS_OF[baseline]=$1
  local port
  for port in $2; do
    # shellcheck disable=SC2086
    java $SERVER_JAVA_OPTS -Dbench.native="${BASELINE_NATIVE:-true}" -jar load-tests/ws-baseline/target/ws-baseline.jar \
      "$port" "redis://127.0.0.1:$1" "$3" > "$OUT/baseline-$port.log" 2>&1 &
    SERVER_PIDS+=($!); PIDS_OF[baseline]="${PIDS_OF[baseline]:-} $!"
  done
  for port in $2; do wait_http "http://127.0.0.1:$port/health" "$OUT/baseline-$port.log"; done
}

start_redwire() { # redis-port "http ports"
  start_redis "$1"
  REDIS_OF[redwire]=$1
  local port
  for port in $2; do
    # prod profile, auth on (a service key), the rate limiter on with a quota that never refuses, metrics on;
    # a longer connect timeout only because a busy shared box has missed the 2 s start-up PING
    # shellcheck disable=SC2086
    env REDIS_URL="redis://127.0.0.1:$1" HTTP_PORT="$port" REDWIRE_PROFILE=prod \
      REDWIRE_API_KEYS="$KEY:service" REDWIRE_RATE_LIMIT=1000000000/60s REDWIRE_REDIS_CONNECT_TIMEOUT_MS=10000 \
      REDWIRE_WS_MAX_CONNECTIONS=20000 REDWIRE_HTTP_MAX_CONNECTIONS=20000 \
      java $SERVER_JAVA_OPTS -jar "${REDWIRE_JAR:-target/redwire.jar}" > "$OUT/redwire-$port.log" 2>&1 &
    SERVER_PIDS+=($!); PIDS_OF[redwire]="${PIDS_OF[redwire]:-} $!"
  done
  for port in $2; do wait_http "http://127.0.0.1:$port/health/ready" "$OUT/redwire-$port.log"; done
}

ws_urls() { # "ports" -> ws://127.0.0.1:p/ws,...
  local p u=""
  for p in $1; do u="$u${u:+,}ws://127.0.0.1:$p/ws"; done
  echo "$u"
}

reset_peak_rss() { # target: VmHWM counts from here
  local pid
  for pid in ${PIDS_OF[$1]}; do echo 5 > "/proc/$pid/clear_refs"; done
}

sample() { # dir prefix target: what report.py row reads
  local pid
  date +%s.%N > "$1/$2.time.txt"
  head -1 /proc/stat > "$1/$2.stat.txt"
  cat /proc/loadavg > "$1/$2.loadavg"
  for pid in ${PIDS_OF[$3]}; do
    cat "/proc/$pid/stat" > "$1/$2.pid.$pid.stat"
    cat "/proc/$pid/status" > "$1/$2.pid.$pid.status"
  done
  redis-cli -p "${REDIS_OF[$3]}" info all > "$1/$2.redis.txt"
}

wait_for_file() { # file pid tenths: until the file exists, the process ends, or the time is up
  for _ in $(seq 1 "$3"); do
    [ -f "$1" ] && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  [ -f "$1" ]
}
