#!/usr/bin/env bash
# A/B of two redwire builds or settings on one private Redis: both servers run at once and are measured
# in turn (wrk -t2 -c64, 10 s each, after a warm-up of 3 x 10 s each), so both see the same machine drift.
#   load-tests/ab.sh A.jar B.jar [rounds]
#   EB="REDWIRE_RATE_LIMIT_LEASE_MAX=1" load-tests/ab.sh target/redwire.jar target/redwire.jar
#   JB="-XX:+UseSerialGC" load-tests/ab.sh target/redwire.jar target/redwire.jar
# EA/EB: extra environment (VAR=value ...) for A/B; JA/JB: extra JVM options for A/B.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 A.jar B.jar [rounds]"; exit 2; }
KEY=bench-key-0123456789abcdef
ROUNDS=${3:-3}
REDIS_PORT=${REDIS_PORT:-6395}
PORT_A=${PORT_A:-8095}
PORT_B=${PORT_B:-8096}

cleanup() {
  kill "${PID_A:-}" "${PID_B:-}" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}
trap cleanup EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
sleep 0.3

start() { # jar port "java options" "VAR=value ..."
  # shellcheck disable=SC2086
  env REDIS_URL=redis://127.0.0.1:$REDIS_PORT HTTP_PORT=$2 REDWIRE_PROFILE=prod REDWIRE_API_KEYS=$KEY:service \
    REDWIRE_RATE_LIMIT=1000000000/60s $4 java $3 -jar "$1" > "/tmp/redwire-ab-$2.log" 2>&1 &
}
start "$1" "$PORT_A" "${JA:-}" "${EA:-}"; PID_A=$!
start "$2" "$PORT_B" "${JB:-}" "${EB:-}"; PID_B=$!
for p in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$p/health/ready" >/dev/null && break; sleep 0.1; done
done
load() { REDWIRE_KEY=$KEY wrk -t2 -c64 -d"$2" -s load-tests/wrk/counter-incr.lua "http://127.0.0.1:$1" | tail -1; }
for _ in 1 2 3; do # several runs: connection set-up code gets compiled too
  load "$PORT_A" 10s >/dev/null
  load "$PORT_B" 10s >/dev/null
done
for _ in $(seq 1 "$ROUNDS"); do
  echo "A $(load "$PORT_A" 10s)"
  echo "B $(load "$PORT_B" 10s)"
done
