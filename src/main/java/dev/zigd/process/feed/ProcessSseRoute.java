package dev.zigd.process.feed;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/processes/stream} (Server-Sent Events): {@code event: <change>} and {@code data: <frame>} per
 * change, the snapshot first; a keep-alive comment every {@code zigd.sse-keep-alive} while idle. A WebSocket
 * upgrade on the same path is left to {@link ProcessStreamSocket}.
 */
@Singleton
public class ProcessSseRoute {
    private final ProcessChanges changes;
    private final int capacity;
    private final long keepAliveMs;

    public ProcessSseRoute(ProcessChanges changes, ZigdConfig config) {
        this.changes = changes;
        this.capacity = dev.zigd.config.FrameBudget.of(config);
        this.keepAliveMs = config.sseKeepAlive().toMillis();
    }

    void install(@Observes Router router) {
        // Before the REST layer, which would take "stream" for a process id.
        router.get("/api/v1/processes/stream").order(-999_000).handler(this::stream);
    }

    private void stream(RoutingContext rc) {
        if ("websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"))) {
            rc.next();
            return;
        }
        HttpServerResponse response = rc.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": zigd processes stream\n\n");
        ProcessSubscriber subscriber = new ProcessSubscriber(changes, capacity, new ProcessSubscriber.Sink() {
            @Override
            public Uni<Void> send(String frame) {
                String change = frame.substring(11, frame.indexOf('"', 11)); // {"change":"<change>",...
                Buffer bytes = Buffer.buffer("event: " + change + "\ndata: " + frame + "\n\n");
                return Uni.createFrom().completionStage(() -> response.write(bytes).toCompletionStage());
            }

            @Override
            public void close(int code, String reason) {
                if (!response.ended() && !response.closed()) {
                    response.end("event: error\ndata: " + ErrorBody.json(ErrorCode.UNAVAILABLE, reason) + "\n\n");
                }
            }
        });
        Vertx vertx = rc.vertx();
        long keepAlive = vertx.setPeriodic(keepAliveMs, id -> {
            if (!response.ended() && !response.closed()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(keepAlive);
            subscriber.close(1000, "closed by the client");
        });
        response.endHandler(v -> vertx.cancelTimer(keepAlive));
        changes.subscribe(subscriber);
    }
}
