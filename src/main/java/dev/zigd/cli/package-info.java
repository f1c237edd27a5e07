/**
 * The {@code zigd} command-line client ({@code bin/zigd <command>}): listen, subscribe, sessions, show, ps, hosts,
 * stop, kill, gc, run, status, open. The read commands also read the daemon's fleet view ({@code --fleet},
 * {@code /api/v1/fleet/...}): FleetClient, FleetNames ({@code HOST/SEL}) and SessionAddress hold the addressing. A plain {@code main} with picocli: it never boots Quarkus and imports nothing from
 * the daemon's packages, so its class path is this jar and picocli only. It speaks HTTP/1.1 (and, for
 * {@code subscribe}, WebSocket) over the daemon's Unix socket, or over TCP with the token when {@code --url} or
 * {@code ZIGD_URL} says so. Documented in docs/cli.md.
 */
package dev.zigd.cli;
