/**
 * Where the daemon listens and who may talk to it: the Unix socket (mode 0600, no token), loopback TCP (bearer
 * token from {@link dev.zigd.transport.TokenStore}), the {@code Origin} check against cross-site requests, and
 * the body-size limit. {@link dev.zigd.transport.AccessFilter} runs before every route, REST and WebSocket alike.
 */
package dev.zigd.transport;
