#!/usr/bin/env bash
# Following zig-written sessions: flush -> subscriber latency (against a 100 ms poller), how soon a session zig
# starts is listed, and the daemon's CPU with many idle zig sessions. Against the packaged daemon on a fresh temp
# home. Build first: ./mvnw -B package -DskipTests.
# Usage: bench/follow.sh [lines] [per-second] [idle-sessions] [idle-seconds]   (lines 0: the idle part only)
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-2000}
RATE=${2:-200}
IDLE=${3:-1000}
IDLE_SECS=${4:-20}
JAVA=${JAVA:-java}
PORT=${PORT:-17718}
HOME_DIR=$(mktemp -d /tmp/zigd-follow-bench.XXXXXX)
"$JAVA" -XX:+UseSerialGC -Xms256m -Xmx256m -Dzigd.home="$HOME_DIR" -Dzigd.token=bench \
  -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar >"$HOME_DIR/daemon.log" 2>&1 &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT
for _ in $(seq 100); do
  curl -sf --unix-socket "$HOME_DIR/.zig/zigd.sock" http://localhost/api/v1/health >/dev/null 2>&1 && break
  sleep 0.1
done
CLIENT="$JAVA -XX:+UseSerialGC bench/FollowBench.java"
echo "## following zig-written sessions ($(nproc) cores, $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD))"
if [ "$LINES" != 0 ]; then $CLIENT latency "$HOME_DIR" "$PORT" bench "$LINES" "$RATE"; fi
$CLIENT idle "$HOME_DIR" "$PORT" bench "$IDLE" "$IDLE_SECS" "$DAEMON"
