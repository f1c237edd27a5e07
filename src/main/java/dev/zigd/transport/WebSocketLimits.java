package dev.zigd.transport;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;

import io.vertx.core.http.HttpServerOptions;

/**
 * WebSocket frame and message limits that follow {@code zigd.max-body-size}, on TCP and on the Unix socket alike
 * (Vert.x defaults to 64 KiB frames and 256 KiB messages, and Quarkus's own WebSocket settings do not reach the
 * Unix socket). The transport takes a little more than the limit, so that a frame just over it is read and
 * answered {@code too_large} by the endpoint, the connection staying open; a frame over {@link #SLACK} more than
 * the limit closes the connection with 1009.
 */
@Singleton
public class WebSocketLimits implements BothListeners {
    static final long SLACK = 1024 * 1024;

    private final int transportLimit;

    public WebSocketLimits(ZigdConfig config) {
        this.transportLimit = (int) Math.min(Integer.MAX_VALUE - 8, config.maxBodySize().asLongValue() + SLACK);
    }

    @Override
    public void apply(HttpServerOptions options) {
        options.setMaxWebSocketFrameSize(transportLimit).setMaxWebSocketMessageSize(transportLimit);
    }
}
