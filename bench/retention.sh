#!/usr/bin/env bash
# Retention benchmark: clean-up of N ended sessions (generated straight to disk, as zig writes them) while 4 clients
# post events, against the packaged daemon on a fresh temp home (never the user's). Not part of ./mvnw verify.
# Usage: bench/retention.sh [sessions] [projects] [archive:true|false]
# Build first: ./mvnw -B package -DskipTests.  JAVA=/path/to/java, HEAP=512m (daemon -Xmx), SECS=10 are honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-100000}
PROJECTS=${2:-10}
ARCHIVE=${3:-false}
JAVA=${JAVA:-java}
PORT=${PORT:-17718}
CLIENT="$JAVA -XX:+UseSerialGC -Xmx1g bench/Bench.java"
HOME_DIR=$(mktemp -d /tmp/zigd-retention-bench.XXXXXX)
DAEMON=
cleanup() {
  [ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; wait 2>/dev/null
  grep -q '"bytes_freed"' "$HOME_DIR/gc.json" 2>/dev/null || cp "$HOME_DIR/daemon.log" /tmp/zigd-retention-bench-daemon.log 2>/dev/null || true
  rm -rf "$HOME_DIR"
}
trap cleanup EXIT

$JAVA bench/RetentionGen.java "$HOME_DIR" "$COUNT" "$PROJECTS"
echo "on disk: $(du -sh "$HOME_DIR/.zig" | cut -f1), $(find "$HOME_DIR/.zig" -name '*.jsonl' | wc -l) logs"

"$JAVA" -XX:+UseSerialGC -Xmx${HEAP:-512m} -Dzigd.home="$HOME_DIR" -Dquarkus.http.port="$PORT" \
  -Dquarkus.log.level=WARN -Dzigd.retention.every=off -Dzigd.retention.archive="$ARCHIVE" \
  -jar target/quarkus-app/quarkus-run.jar >"$HOME_DIR/daemon.log" 2>&1 &
DAEMON=$!
T0=$(date +%s.%N)
for i in $(seq 3000); do
  curl -sf --unix-socket "$HOME_DIR/.zig/zigd.sock" http://localhost/api/v1/health >/dev/null 2>&1 && break
  [ "$i" = 3000 ] && { echo "daemon did not start"; cat "$HOME_DIR/daemon.log"; exit 1; }
  sleep 0.1
done
echo "daemon ready after $(echo "$(date +%s.%N) - $T0" | bc) s (loading $COUNT sessions); RSS $(grep VmRSS /proc/$DAEMON/status | tr -s ' ' | cut -d' ' -f2-)"
gc() {  # gc <dry_run>
  curl -s -o "$HOME_DIR/gc.json" -w '%{time_total}' --unix-socket "$HOME_DIR/.zig/zigd.sock" \
    -H 'Content-Type: application/json' -d "{\"older_than\":\"1h\",\"dry_run\":$1}" \
    http://localhost/api/v1/sessions/gc
}
echo "dry run over $COUNT sessions: $(gc true) s"
echo "baseline (no clean-up):"
$CLIENT events "$HOME_DIR" "$PORT" unix 4 10 "${SECS:-10}"
echo "with the clean-up starting 1 s into the measured window:"
$CLIENT events "$HOME_DIR" "$PORT" unix 4 10 "${SECS:-10}" &
LOAD=$!
sleep 9   # Bench's 8 s warm-up, then 1 s of measuring
START=$(date +%s.%N)
T=$(gc false)
echo "clean-up: ${T} s; answer: $(head -c 120 "$HOME_DIR/gc.json") ... $(grep -o '"id"' "$HOME_DIR/gc.json" | wc -l) sessions listed"
wait $LOAD
echo "daemon RSS after: $(grep VmRSS /proc/$DAEMON/status | tr -s ' ' | cut -d' ' -f2-)"
echo "left on disk: $(find "$HOME_DIR/.zig" -name '*.jsonl' | wc -l) logs, $(find "$HOME_DIR/.zig" -name '*.jsonl.gz' | wc -l) archives;" \
  "global index $(stat -c %s "$HOME_DIR/.zig/sessions_index.json") bytes"
