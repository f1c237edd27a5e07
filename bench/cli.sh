#!/usr/bin/env bash
# Client start-up: time to the first output of `zigd sessions` and `zigd ps` against a daemon holding 10,000
# sessions and 1,000 processes, on JDK 17 and on JDK 25 (with the client's class-data archive that bin/zigd makes
# on JDK 19+), next to curl for the same request. Fresh temp home; the daemon is stopped at the end.
# Usage: bench/cli.sh [runs]     Build first: ./mvnw -B package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
HOME_DIR=$(mktemp -d /tmp/zigd-bench-cli.XXXXXX)
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
python3 bench/cli-seed.py "$HOME_DIR" 10000 1000
ZIGD_HOME=$HOME_DIR QUARKUS_HTTP_PORT=$PORT ZIGD_JAVA=$JDK17 bin/zigd serve >"$HOME_DIR/daemon.log" 2>&1 &
DAEMON=$!
trap 'kill $DAEMON 2>/dev/null || true; wait $DAEMON 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT
SOCK=$HOME_DIR/.zig/zigd.sock
for _ in $(seq 300); do
  curl -sf --unix-socket "$SOCK" http://localhost/api/v1/health >/dev/null 2>&1 && break
  sleep 0.1
done
export ZIGD_HOME=$HOME_DIR
echo "sessions: $(curl -s --unix-socket "$SOCK" 'http://localhost/api/v1/sessions' | python3 -c 'import json,sys;print(len(json.load(sys.stdin)))'),"\
  "processes: $(curl -s --unix-socket "$SOCK" 'http://localhost/api/v1/processes' | python3 -c 'import json,sys;print(len(json.load(sys.stdin)))')"
# Warm the daemon (its first answers run interpreted) and make the JDK 25 archive (first run writes it).
for _ in 1 2 3 4 5; do
  curl -s --unix-socket "$SOCK" http://localhost/api/v1/sessions >/dev/null
  curl -s --unix-socket "$SOCK" http://localhost/api/v1/processes >/dev/null
  ZIGD_JAVA=$JDK25 bin/zigd sessions -n 0 >/dev/null
  ZIGD_JAVA=$JDK17 bin/zigd ps >/dev/null
done
run() { printf '%-58s ' "$1"; shift; python3 bench/first-output.py "$RUNS" "$@"; }
run "curl /api/v1/sessions?limit=50" curl -s --unix-socket "$SOCK" 'http://localhost/api/v1/sessions?limit=50'
run "curl /api/v1/sessions (all 10,000)" curl -s --unix-socket "$SOCK" http://localhost/api/v1/sessions
run "curl /api/v1/processes (all 1,000)" curl -s --unix-socket "$SOCK" http://localhost/api/v1/processes
for jdk in "$JDK17" "$JDK25"; do
  v=$(basename "$jdk")
  run "$v zigd --version" env ZIGD_JAVA="$jdk" bin/zigd --version
  run "$v zigd sessions (50 rows)" env ZIGD_JAVA="$jdk" bin/zigd sessions
  run "$v zigd sessions -n 0 (10,000 rows)" env ZIGD_JAVA="$jdk" bin/zigd sessions -n 0
  run "$v zigd ps (1,000 rows)" env ZIGD_JAVA="$jdk" bin/zigd ps
  run "$v zigd ps --json" env ZIGD_JAVA="$jdk" bin/zigd ps --json
done
run "temurin-25 without the archive: zigd sessions" env ZIGD_JAVA="$JDK25" ZIGD_CLI_CDS=0 bin/zigd sessions
run "temurin-25 without the archive: zigd ps" env ZIGD_JAVA="$JDK25" ZIGD_CLI_CDS=0 bin/zigd ps
