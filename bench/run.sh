#!/usr/bin/env bash
# Benchmarks against the packaged daemon on a fresh temp home (never the user's). Not part of ./mvnw verify.
# Usage: bench/run.sh [foundation|streams|fanout|durability|all] [seconds-per-run]
# Build first: ./mvnw -B package -DskipTests.  JAVA=/path/to/java and DAEMON_OPTS="..." are honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
WHAT=${1:-all}
SECS=${2:-10}
JAVA=${JAVA:-java}
# Both sides use SerialGC and a fixed heap: on 2 cores, G1's concurrent threads and a growing heap add noise.
CLIENT="$JAVA -XX:+UseSerialGC -Xmx1g bench/Bench.java"
PORT=${PORT:-17717}
DAEMON=

start_daemon() {   # start_daemon <extra -D options...>
  HOME_DIR=$(mktemp -d /tmp/zigd-bench.XXXXXX)
  "$JAVA" -XX:+UseSerialGC -Xms256m -Xmx256m ${DAEMON_OPTS:-} "$@" -Dzigd.home="$HOME_DIR" \
    -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar >"$HOME_DIR/daemon.log" 2>&1 &
  DAEMON=$!
  for _ in $(seq 100); do
    curl -sf --unix-socket "$HOME_DIR/.zig/zigd.sock" http://localhost/api/v1/health >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "daemon did not start:"; cat "$HOME_DIR/daemon.log"; exit 1
}
stop_daemon() {
  kill "$DAEMON"; wait "$DAEMON" 2>/dev/null || true
  rm -rf "$HOME_DIR"
}
trap '[ -n "$DAEMON" ] && kill $DAEMON 2>/dev/null || true' EXIT

foundation() {
  echo "## events/s into one session, 8 clients; sessions/s with 10,000 sessions in the indexes"
  start_daemon
  for transport in tcp unix; do
    $CLIENT events "$HOME_DIR" "$PORT" $transport 8 1 "$SECS"
    $CLIENT events "$HOME_DIR" "$PORT" $transport 8 100 "$SECS"
  done
  $CLIENT sessions "$HOME_DIR" "$PORT" unix 8 2000
  $CLIENT sessions "$HOME_DIR" "$PORT" unix 8 8000
  echo "  (now $(grep -c zig_session_id "$HOME_DIR/.zig/sessions_index.json") sessions in the global index)"
  $CLIENT sessions "$HOME_DIR" "$PORT" unix 8 2000
  $CLIENT sessions "$HOME_DIR" "$PORT" tcp 8 2000
  stop_daemon
}

streams() {
  echo "## event-to-subscriber latency at 10,000 events/s; ingest; writer rate with 100 subscribers"
  start_daemon
  for subs in 1 10 100; do
    $CLIENT latency "$HOME_DIR" "$PORT" unix $subs 10000 "$SECS"
  done
  $CLIENT latency "$HOME_DIR" "$PORT" unix 100 1000 "$SECS"
  $CLIENT ingest "$HOME_DIR" "$PORT" unix 8 100 "$SECS"
  $CLIENT ingest "$HOME_DIR" "$PORT" tcp 8 100 "$SECS"
  $CLIENT events "$HOME_DIR" "$PORT" unix 8 100 "$SECS" 0
  $CLIENT events "$HOME_DIR" "$PORT" unix 8 100 "$SECS" 100
  stop_daemon
}

# CPU seconds (user+system) the daemon used so far.
daemon_cpu() {
  local stat
  stat=$(</proc/$DAEMON/stat)
  stat=${stat##*) }
  read -r -a stat <<<"$stat"
  echo $(((stat[11] + stat[12]) * 10))
}

# Runs one Bench command and says how much CPU the daemon used for it (the client shares the machine).
with_cpu() {
  local before after
  before=$(daemon_cpu)
  $CLIENT "$@"
  after=$(daemon_cpu)
  echo "  daemon CPU for this run: $((after - before)) ms; machine load average: $(cut -d' ' -f1 /proc/loadavg)"
}

fanout() {
  echo "## fan-out (issue 15): 10,000 events/s to many subscribers; writer rate with 0 and 100 subscribers"
  start_daemon
  with_cpu latency "$HOME_DIR" "$PORT" unix 10 10000 "$SECS"
  with_cpu latency "$HOME_DIR" "$PORT" unix 100 10000 "$SECS"
  with_cpu latency "$HOME_DIR" "$PORT" unix 100 10000 "$SECS" 1 lines
  with_cpu latency "$HOME_DIR" "$PORT" unix 1000 10000 "$SECS" 100 stream
  with_cpu latency "$HOME_DIR" "$PORT" unix 100 10000 "$SECS" 50 subscribe
  with_cpu events "$HOME_DIR" "$PORT" unix 8 100 "$SECS" 0
  with_cpu events "$HOME_DIR" "$PORT" unix 8 100 "$SECS" 100
  stop_daemon
}

durability() {
  echo "## events/s, flush against fsync durability (group commit), 1 and 16 clients, single-event posts"
  for mode in flush fsync; do
    start_daemon -Dzigd.durability=$mode
    echo "durability=$mode"
    $CLIENT events "$HOME_DIR" "$PORT" unix 1 1 "$SECS"
    $CLIENT events "$HOME_DIR" "$PORT" unix 16 1 "$SECS"
    stop_daemon
  done
}

case "$WHAT" in
  foundation) foundation ;;
  streams) streams ;;
  durability) durability ;;
  fanout) fanout ;;
  all) foundation; streams; fanout; durability ;;
  *) echo "usage: $0 [foundation|streams|fanout|durability|all] [seconds]"; exit 2 ;;
esac
