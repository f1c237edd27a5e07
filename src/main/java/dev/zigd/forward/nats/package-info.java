/**
 * The NATS JetStream broker behind {@link dev.zigd.forward.EventSink}, and the connection shared with the fleet
 * view ({@link dev.zigd.forward.nats.NatsConnect}): credentials and TLS from the keys (with the server's host name
 * checked, {@code TlsContext}), why a connection is not connected in words a user can act on
 * ({@link dev.zigd.forward.nats.ConnectionProblems}), and no secret in any of it
 * ({@link dev.zigd.forward.nats.Secrets}); reading the events stream's messages back
 * ({@link dev.zigd.forward.nats.EventMessages}, for the forwarder's resume point and the fleet view). Everything
 * that imports {@code io.nats} on the forwarding side is here.
 */
package dev.zigd.forward.nats;
