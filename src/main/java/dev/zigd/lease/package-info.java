/**
 * Session liveness: the heartbeat ticker that writes {@code heartbeat} into every open session through the
 * writer. Owner leases (owner pid, ingest connections, idle timeout) belong here too.
 */
package dev.zigd.lease;
