/**
 * The NATS JetStream broker behind {@link dev.zigd.forward.EventSink}, and the connection options shared with the
 * fleet view ({@link dev.zigd.forward.nats.NatsConnect}). Everything that imports {@code io.nats} on the
 * forwarding side is here.
 */
package dev.zigd.forward.nats;
