/**
 * The fleet view: every host's sessions, events and processes, read from the broker the forwarders publish to
 * (docs/fleet.md), served under {@code /api/v1/fleet/...} in the same shapes as the local read API, with a
 * {@code host} field. Read-only. {@link dev.zigd.fleet.FleetConnection} holds the connection;
 * {@link dev.zigd.fleet.FleetDirectory} keeps the two key-value buckets in memory (a watch, so start-up reads the
 * current entries, not every event); {@link dev.zigd.fleet.FleetFeed} is one ordered consumer feeding one client.
 */
package dev.zigd.fleet;
