#!/usr/bin/env bash
# Big-log reads (issue 10): last=10 on 10 MiB, 100 MiB and 1 GiB logs; a full streamed read of the 1 GiB log with
# the daemon's heap sampled (jstat); zig's whole-file way for comparison. The daemon runs with bin/zigd's flags
# (serial GC, -Xmx192m, exit on OutOfMemoryError). Writes ~1.2 GiB under /tmp and removes it at the end.
# Usage: bench/bigread.sh   (build first: ./mvnw -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
PORT=${PORT:-17718}
TOKEN=bench-token
CP="target/quarkus-app/lib/main/*"
run() { "$JAVA" -XX:+UseSerialGC -Xmx1g -cp "$CP" bench/BigRead.java "$@"; }
HOME_DIR=$(mktemp -d /tmp/zigd-bigread.XXXXXX)
DAEMON=
cleanup() { set +e; [ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; wait 2>/dev/null; rm -rf "$HOME_DIR"; }
trap cleanup EXIT

declare -A IDS=([10]=00000000-0000-4000-8000-000000000010 [100]=00000000-0000-4000-8000-000000000100
  [1024]=00000000-0000-4000-8000-000000001024)
echo "## generating logs"
for mib in 10 100 1024; do
  run gen "$HOME_DIR/.zig/logs/sessions/${IDS[$mib]}.jsonl" "$mib" "${IDS[$mib]}"
done

ZIGD_AOT=0 bin/zigd -Dzigd.home="$HOME_DIR" -Dquarkus.http.port="$PORT" -Dzigd.token="$TOKEN" \
  -Dquarkus.log.level=WARN >"$HOME_DIR/daemon.log" 2>&1 &
DAEMON=$!
up=
for _ in $(seq 600); do
  curl -sf --unix-socket "$HOME_DIR/.zig/zigd.sock" http://localhost/api/v1/health >/dev/null 2>&1 && up=1 && break
  sleep 0.1
done
[ -n "$up" ] || { echo "daemon did not start:"; cat "$HOME_DIR/daemon.log"; exit 1; }
sleep 2
PID=$DAEMON   # bin/zigd execs java: same pid

echo "## last=10 (GET /api/v1/sessions/{id}?last=10 over TCP, keep-alive)"
for mib in 10 100 1024; do
  echo -n " ${mib} MiB:"; run last "$PORT" "$TOKEN" "${IDS[$mib]}" 10 500
done

echo "## full streamed read of the 1 GiB log (3 per transport, curl to /dev/null), daemon heap sampled every 100 ms"
heap() { jstat -gc "$PID" | awk 'NR==2 {printf "%.1f %.1f\n", ($3+$4+$6+$8)/1024, $8/1024}'; }
jcmd "$PID" GC.run >/dev/null
read -r used0 old0 < <(heap)
echo "  before: heap used ${used0} MiB (old gen ${old0} MiB, after a full GC)"
( while kill -0 "$PID" 2>/dev/null; do heap; sleep 0.1; done ) >"$HOME_DIR/heap.txt" &
SAMPLER=$!
for transport in tcp unix; do
  for _ in 1 2 3; do
    if [ $transport = tcp ]; then
      curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -w '%{size_download} %{time_total}\n' \
        "http://127.0.0.1:$PORT/api/v1/sessions/${IDS[1024]}"
    else
      curl -s -o /dev/null --unix-socket "$HOME_DIR/.zig/zigd.sock" -w '%{size_download} %{time_total}\n' \
        "http://localhost/api/v1/sessions/${IDS[1024]}"
    fi
  done | awk -v t=$transport '{ printf "  full read over %s (curl): %.0f MiB in %.2f s = %.0f MB/s\n", t, $1/1048576, $2, $1/1e6/$2 }'
done
kill $SAMPLER; wait $SAMPLER 2>/dev/null || true
awk -v u0="$used0" -v o0="$old0" '{ if ($1>mu) mu=$1; if ($2>mo) mo=$2 } END {
  printf "  during: peak heap used %.1f MiB (young garbage included; growth %.1f MiB), peak old gen %.1f MiB (growth %.1f MiB)\n", mu, mu-u0, mo, mo-o0 }' "$HOME_DIR/heap.txt"
jcmd "$PID" GC.run >/dev/null
read -r used1 old1 < <(heap)
echo "  after: heap used ${used1} MiB after a full GC; daemon alive: $(kill -0 "$PID" && echo yes)"

echo "## zig's way (read_session_events: the whole file into memory, then every line parsed), client-side emulation"
$JAVA -XX:+UseSerialGC -Xmx3g -cp "$CP" bench/BigRead.java zig "$HOME_DIR/.zig/logs/sessions/${IDS[100]}.jsonl"
echo "## done; removing $HOME_DIR"
