#!/usr/bin/env bash
# Runs the issue #2 benchmarks against the packaged daemon on a fresh temp home (never the user's).
# Usage: bench/run.sh [seconds-per-run]     (build first: ./mvnw -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
JAVA=${JAVA:-java}
HOME_DIR=$(mktemp -d /tmp/zigd-bench.XXXXXX)
PORT=${PORT:-17717}
start_daemon() {
  "$JAVA" ${ZIGD_JAVA_OPTS:-} -Dzigd.home="$HOME_DIR" -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar >"$HOME_DIR/daemon.log" 2>&1 &
  DAEMON=$!
  for _ in $(seq 100); do
    curl -sf --unix-socket "$HOME_DIR/.zig/zigd.sock" http://localhost/api/v1/health >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "daemon did not start:"; cat "$HOME_DIR/daemon.log"; exit 1
}
trap 'kill $DAEMON 2>/dev/null || true' EXIT
start_daemon
B="$JAVA bench/Bench.java"
for transport in tcp unix; do
  $B events "$HOME_DIR" "$PORT" $transport 8 1 "$SECS"
  $B events "$HOME_DIR" "$PORT" $transport 8 100 "$SECS"
done
$B sessions "$HOME_DIR" "$PORT" unix 8 2000
$B sessions "$HOME_DIR" "$PORT" unix 8 8000     # now 10,000 sessions are in the indexes
$B sessions "$HOME_DIR" "$PORT" unix 8 2000
$B sessions "$HOME_DIR" "$PORT" tcp 8 2000
echo "sessions in the global index: $(grep -c zig_session_id "$HOME_DIR/.zig/sessions_index.json")"
kill $DAEMON; wait $DAEMON 2>/dev/null || true
rm -rf "$HOME_DIR"
