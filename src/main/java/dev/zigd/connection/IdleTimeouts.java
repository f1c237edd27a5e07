package dev.zigd.connection;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;
import dev.zigd.transport.BothListeners;

import io.vertx.core.http.HttpServerOptions;

/**
 * Closes a connection on which nothing was read or written for {@code zigd.connections.idle-timeout}, on TCP and on
 * the Unix socket: a partial request (the client stopped sending its headers or body) or an idle keep-alive
 * connection no longer holds a file descriptor for good.
 */
@Singleton
public class IdleTimeouts implements BothListeners {
    private final long idleMillis;

    public IdleTimeouts(ZigdConfig config) {
        this.idleMillis = config.connections().idleTimeout().toMillis();
    }

    @Override
    public void apply(HttpServerOptions options) {
        options.setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis));
    }
}
