package dev.zigd.fleet;

import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.zigd.api.Query;
import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/fleet/sessions/{host}/{sel}/events/stream} (Server-Sent Events), as the local one:
 * {@code id: <seq>}, {@code data: <stored line>}, {@code Last-Event-ID} or {@code after_seq} to resume,
 * keep-alive comments, {@code event: end} after {@code zig_session_ended}.
 */
@Singleton
public class FleetSse {
    private final FleetStreams streams;
    private final long keepAliveMs;

    public FleetSse(FleetStreams streams, ZigdConfig config) {
        this.streams = streams;
        this.keepAliveMs = config.sseKeepAlive().toMillis();
    }

    void install(@Observes Router router) {
        router.get("/api/v1/fleet/sessions/:host/:sel/events/stream").order(-998_000).handler(this::stream);
    }

    private void stream(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        long afterSeq;
        Set<String> types;
        FleetDirectory.Item session;
        try {
            String lastEventId = rc.request().getHeader("Last-Event-ID");
            Long after = lastEventId != null ? Query.nonNegative("Last-Event-ID", lastEventId.strip())
                    : Query.nonNegative("after_seq", rc.request().getParam("after_seq"));
            afterSeq = after == null ? 0 : after;
            types = Query.types(rc.request().getParam("type"));
            session = streams.select(rc.pathParam("host"), rc.pathParam("sel"));
        } catch (ZigdException e) {
            refuse(response, e.code(), e.getMessage());
            return;
        } catch (InvalidInputException e) {
            refuse(response, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": zigd fleet stream of " + session.host() + "/" + session.id() + "\n\n");
        // Opening asks the broker (where the resumed seq is, then a consumer): requests that wait for its answers,
        // so not on the event loop.
        Vertx vertx = rc.vertx();
        vertx.executeBlocking(() -> streams.session(session, afterSeq, types, new SseSink(response)), false)
                .onComplete(opened -> {
                    if (opened.failed()) {
                        Throwable e = opened.cause();
                        refuse(response, e instanceof ZigdException z ? z.code() : ErrorCode.UNAVAILABLE,
                                e instanceof ZigdException ? e.getMessage()
                                        : "cannot read the fleet stream: " + e.getMessage());
                        return;
                    }
                    follow(vertx, response, opened.result());
                });
    }

    private void follow(Vertx vertx, HttpServerResponse response, FleetFeed feed) {
        if (response.closed()) {
            feed.close();
            return;
        }
        long keepAlive = vertx.setPeriodic(keepAliveMs, id -> {
            if (!response.ended() && !response.closed()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(keepAlive);
            feed.close();
        });
        response.endHandler(v -> vertx.cancelTimer(keepAlive));
    }

    private static void refuse(HttpServerResponse response, ErrorCode code, String message) {
        if (response.headWritten()) {
            response.end("event: error\ndata: " + ErrorBody.json(code, message) + "\n\n");
            return;
        }
        response.setStatusCode(code.status).putHeader("Content-Type", "application/json")
                .end(ErrorBody.json(code, message));
    }

    private static final class SseSink implements FleetFeed.Sink {
        private final HttpServerResponse response;
        private volatile long lastSeq;

        SseSink(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public CompletionStage<?> send(String frame) {
            long seq = seqOf(frame);
            lastSeq = seq;
            return response.write(Buffer.buffer("id: " + seq + "\ndata: " + frame + "\n\n")).toCompletionStage();
        }

        @Override
        public void close(int code, String reason) {
            if (response.ended() || response.closed()) {
                return;
            }
            if (code == 1000 && reason.equals("session ended")) {
                response.end("event: end\ndata: {\"last_seq\":" + lastSeq + "}\n\n");
            } else {
                response.end("event: error\ndata: " + ErrorBody.json(ErrorCode.UNAVAILABLE, reason) + "\n\n");
            }
        }

        /** A stored line starts with {@code {"seq":N,}. */
        private static long seqOf(String line) {
            int colon = line.indexOf(':');
            int comma = line.indexOf(',');
            try {
                return Long.parseLong(line.substring(colon + 1, comma));
            } catch (RuntimeException e) {
                return 0;
            }
        }
    }
}
