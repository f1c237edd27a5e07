/**
 * Connection hygiene: connections that never complete a request, or sit idle, are closed after
 * {@code zigd.connections.idle-timeout} on both transports; TCP connections are capped at
 * {@code zigd.connections.max-tcp} (Quarkus's {@code quarkus.http.limits.max-connections}, which counts TCP only), so
 * a flood of TCP clients never locks the owner out of the Unix socket.
 */
package dev.zigd.connection;
