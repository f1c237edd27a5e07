#!/usr/bin/env bash
# Fleet benchmarks (bench/README.md "Fleet"): their own nats-server and daemons on temp homes; nothing else is
# touched. Build first: ./mvnw -B package -DskipTests.   Usage: bench/fleet.sh [forward|forward-tls|latency|startup|cli|all]
set -euo pipefail
cd "$(dirname "$0")/.."
JNATS=$(ls ~/.m2/repository/io/nats/jnats/*/jnats-*.jar | grep -v sources | tail -1)
RUN="${JAVA:-java} -XX:+UseSerialGC -Xmx1g -cp $JNATS bench/FleetBench.java"
WHAT=${1:-all}
[ "$WHAT" = forward ] || [ "$WHAT" = all ] && $RUN forward 100000 ${DAEMON_OPTS:-}
[ "$WHAT" = forward-tls ] && $RUN forward-tls 100000 ${DAEMON_OPTS:-}
[ "$WHAT" = latency ] || [ "$WHAT" = all ] && $RUN latency 200 10
[ "$WHAT" = startup ] || [ "$WHAT" = all ] && $RUN startup 100000 50
[ "$WHAT" = cli ] || [ "$WHAT" = all ] && $RUN cli ${SESSIONS:-10000} ${HOSTS:-20} ${RUNS:-11}
true
