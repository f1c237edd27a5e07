#!/usr/bin/env bash
# Startup time and memory of the packaged daemon, each run on a fresh temp home (never the user's). See bench/README.md.
#
#   bench/footprint.sh [runs] [load-seconds]        (defaults: 5 runs, 50 s)
#
# Environment (defaults in brackets):
#   FAST_APP   the fast-jar build                    [target/quarkus-app]   ./mvnw -B package -DskipTests
#   AOT_APP    the aot-jar build with app.aot, where it was built [none: row (d) skipped]
#              JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -B -Paot verify
#   JAVA17     a JDK 17 java                         [/usr/lib/jvm/java-17-openjdk-amd64/bin/java]
#   JAVA25     a JDK 25 java (the one that made app.aot) [/usr/lib/jvm/temurin-25-jdk-amd64/bin/java]
#   FLOOR_APP  the floor app (bench/quarkus-floor)   [bench/quarkus-floor/target/quarkus-app]
#              (cd bench/quarkus-floor && ../../mvnw -B package -DskipTests)
#   MODES      which rows                            [a b c d e f]
#   LOAD=0     skip the load runs;  LOAD_RATE  events/s of the load run [20000]
#
# Rows: (a) java -jar on JDK 17, (b) bin/zigd on JDK 17, (c) bin/zigd on JDK 25 without a cache, (d) bin/zigd on
# JDK 25 with the AOT cache; (e) and (f): the floor under them, the smallest Quarkus HTTP server (bench/quarkus-floor:
# quarkus-vertx-http and one route) with bin/zigd's daemon flags on JDK 17, and on JDK 25 with an AOT cache the
# script trains on it first (a start and three requests). Each start waits for the CPUs to be quiet first (the machine may be shared).
#
# Time to first answer: from just before the process is spawned to the first 200 of GET /api/v1/health over TCP,
# polled every 5 ms with bash's /dev/tcp and `read -t` as the pause (no process is forked while the daemon starts),
# so the figure is at most ~6 ms late. Idle RSS: /proc/<pid>/status 5 s after that first answer (RssAnon and
# RssFile: the AOT cache's pages are a mapped file). Load: bench/Bench.java latency over the Unix socket: 10 WebSocket
# subscribers on one session while 2 clients post 10-event batches at LOAD_RATE events/s for 5 s of warm-up plus
# load-seconds, so 1.1 million events by default, each delivered to every subscriber (Bench prints how many frames
# arrived and whether a subscriber was cut off). `Bench events` posts as fast as it can, faster than 10 subscribers
# can take, and they are cut off: those events would not have "passed through". RSS right after the load, 10 s
# later, and VmHWM (the peak).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
LOAD_SECS=${2:-50}
LOAD_RATE=${LOAD_RATE:-20000}
FAST_APP=${FAST_APP:-target/quarkus-app}
AOT_APP=${AOT_APP:-}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
FLOOR_APP=${FLOOR_APP:-bench/quarkus-floor/target/quarkus-app}
MODES=${MODES:-a b c d e f}
LOAD=${LOAD:-1}
PORT=${PORT:-17718}
RESULTS=bench/results
mkdir -p "$RESULTS"
OUT=$RESULTS/footprint-$(date +%Y%m%d-%H%M%S).txt

DAEMON=
cleanup() { [[ -n $DAEMON ]] && kill "$DAEMON" 2>/dev/null || true; }
trap cleanup EXIT

# A pipe nobody writes to: `read -t` on it sleeps without forking a process (the daemon gets the CPUs).
exec {NAP}<> <(:)

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# 0 when GET /api/v1/health answers 200 on 127.0.0.1:$PORT (tokenless on TCP).
probe() {
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  local status=
  read -r -t 2 status <&3 || true
  exec 3<&-
  [[ $status == "HTTP/1.1 200"* ]]
}

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# The machine must be quiet for a start to mean anything (2 CPUs, shared): waits (up to a minute) until the CPUs
# were at least 90% idle over half a second.
await_quiet() {
  local i a b idle total
  for ((i = 0; i < 120; i++)); do
    read -r -a a </proc/stat
    sleep 0.5
    read -r -a b </proc/stat
    idle=$((b[4] + b[5] - a[4] - a[5]))
    total=0
    for j in 1 2 3 4 5 6 7 8; do total=$((total + b[j] - a[j])); done
    ((total > 0 && idle * 100 / total >= 90)) && return
  done
  echo "  (the machine stayed busy; measuring anyway)" | tee -a "$OUT"
}

# Busy jiffies of all CPUs since boot (user+nice+system+irq+softirq+steal).
busy_jiffies() {
  local c
  read -r -a c </proc/stat
  echo $((c[1] + c[2] + c[3] + c[6] + c[7] + c[8]))
}

# start <label> <command...>: runs the daemon on a fresh home; sets DAEMON, HOME_DIR, FIRST_MS, and FOREIGN: the
# share of the CPUs (percent) that something other than the daemon used while it started (another build, say).
start() {
  await_quiet
  HOME_DIR=$(mktemp -d /tmp/zigd-footprint.XXXXXX)
  local t0 deadline busy0
  busy0=$(busy_jiffies)
  t0=$(now_ms)
  ZIGD_HOME=$HOME_DIR QUARKUS_HTTP_PORT=$PORT QUARKUS_LOG_LEVEL=WARN "$@" >"$HOME_DIR/daemon.log" 2>&1 &
  DAEMON=$!
  deadline=$((t0 + 30000))
  until probe; do
    if ! kill -0 "$DAEMON" 2>/dev/null || (($(now_ms) > deadline)); then
      echo "daemon did not start: $*"; cat "$HOME_DIR/daemon.log"; exit 1
    fi
    read -r -t 0.005 -u "$NAP" || true
  done
  FIRST_MS=$(($(now_ms) - t0))
  local busy1 stat own hz=100
  busy1=$(busy_jiffies)
  stat=$(</proc/$DAEMON/stat)
  stat=${stat##*) }
  read -r -a stat <<<"$stat"
  own=$((stat[11] + stat[12]))
  FOREIGN=$(((busy1 - busy0 - own) * 1000 / hz / (FIRST_MS * $(nproc) + 1)))
  ((FOREIGN < 0)) && FOREIGN=0
  return 0
}

stop() {
  kill "$DAEMON"
  wait "$DAEMON" 2>/dev/null || true
  DAEMON=
  rm -rf "$HOME_DIR"
}

# measure <label> <command...>
measure() {
  local label=$1
  shift
  local firsts=() rss=() anon=() file=() foreign=() i
  local tries=0
  for ((i = 0; i < RUNS; i++)); do
    start "$@"
    # A start that shared the CPUs with something else (more than 10% of them) is not counted (up to 10 retries).
    if ((FOREIGN > 10 && tries < 10)); then
      tries=$((tries + 1))
      echo "  (run disturbed: ${FOREIGN}% of the CPUs busy elsewhere; again)" >>"$OUT"
      stop
      i=$((i - 1))
      continue
    fi
    sleep 5
    firsts+=("$FIRST_MS")
    foreign+=("$FOREIGN")
    rss+=($(($(status_kb "$DAEMON" VmRSS) / 1024)))
    anon+=($(($(status_kb "$DAEMON" RssAnon) / 1024)))
    file+=($(($(status_kb "$DAEMON" RssFile) / 1024)))
    stop
  done
  printf '%-34s first answer ms: %-28s idle RSS MiB: %-22s (anon %s; file %s; CPU%% used elsewhere during start %s)\n' \
    "$label" "${firsts[*]}" "${rss[*]}" "${anon[*]}" "${file[*]}" "${foreign[*]}" | tee -a "$OUT"
  if [[ $LOAD == 1 ]]; then
    start "$@"
    local report
    report=$("$JAVA17" bench/Bench.java latency "$HOME_DIR" "$PORT" unix 10 "$LOAD_RATE" "$LOAD_SECS")
    local after=$(($(status_kb "$DAEMON" VmRSS) / 1024)) peak=$(($(status_kb "$DAEMON" VmHWM) / 1024))
    sleep 10
    local settled=$(($(status_kb "$DAEMON" VmRSS) / 1024))
    printf '%-34s load: %s events through 10 subscribers: RSS right after %s MiB, 10 s later %s MiB, peak %s MiB\n    %s\n' \
      "$label" "$((LOAD_RATE * (LOAD_SECS + 5)))" "$after" "$settled" "$peak" "$(tr '\n' ' ' <<<"$report")" | tee -a "$OUT"
    stop
  fi
}

# bin/zigd's daemon flags, for the floor app (which bin/zigd does not start).
FLOOR_FLAGS=(-XX:+UseSerialGC -Xms16m -Xmx192m -Xss512k -XX:TrimNativeHeapInterval=2000 -XX:+ExitOnOutOfMemoryError)

# An AOT cache for the floor app on JDK 25, trained by one start and three requests.
floor_cache() {
  local cache=$FLOOR_APP/app.aot
  [[ -f $cache ]] && return
  "$JAVA25" "${FLOOR_FLAGS[@]}" -XX:+UseCompactObjectHeaders "-XX:AOTCacheOutput=$cache" -Dquarkus.http.port="$PORT" \
    -jar "$FLOOR_APP/quarkus-run.jar" >/dev/null 2>&1 &
  DAEMON=$!
  until probe; do read -r -t 0.05 -u "$NAP" || true; done
  probe; probe; probe
  kill "$DAEMON"; wait "$DAEMON" 2>/dev/null || true
  DAEMON=
}

echo "zigd footprint $(date -Is), $(nproc) CPUs, runs=$RUNS, $(git rev-parse --short HEAD 2>/dev/null)" | tee "$OUT"
for mode in $MODES; do
  case $mode in
    a) measure "(a) java -jar, JDK 17" "$JAVA17" -jar "$FAST_APP/quarkus-run.jar" ;;
    b) measure "(b) bin/zigd, JDK 17" env ZIGD_JAVA="$JAVA17" ZIGD_APP="$FAST_APP" bin/zigd ;;
    c) measure "(c) bin/zigd, JDK 25, no cache" env ZIGD_JAVA="$JAVA25" ZIGD_APP="$FAST_APP" ZIGD_AOT=0 bin/zigd ;;
    d)
      if [[ -n $AOT_APP && -f $AOT_APP/app.aot ]]; then
        measure "(d) bin/zigd, JDK 25, AOT cache" env ZIGD_JAVA="$JAVA25" ZIGD_APP="$AOT_APP" bin/zigd
      else
        echo "(d) skipped: set AOT_APP to a -Paot build (with app.aot)" | tee -a "$OUT"
      fi
      ;;
    e | f)
      if [[ ! -f $FLOOR_APP/quarkus-run.jar ]]; then
        echo "($mode) skipped: build bench/quarkus-floor first (see its README)" | tee -a "$OUT"
      elif [[ $mode == e ]]; then
        LOAD=0 measure "(e) floor: empty Quarkus, JDK 17" "$JAVA17" "${FLOOR_FLAGS[@]}" -jar "$FLOOR_APP/quarkus-run.jar"
      else
        floor_cache
        LOAD=0 measure "(f) floor: empty Quarkus, JDK 25, AOT" "$JAVA25" "${FLOOR_FLAGS[@]}" -XX:+UseCompactObjectHeaders \
          "-XX:AOTCache=$FLOOR_APP/app.aot" -jar "$FLOOR_APP/quarkus-run.jar"
      fi
      ;;
  esac
done
echo "saved in $OUT"
