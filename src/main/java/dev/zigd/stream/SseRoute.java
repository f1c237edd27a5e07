package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.zigd.api.Query;
import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;
import dev.zigd.index.SessionIndex;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/sessions/{sel}/events/stream} (Server-Sent Events): {@code id:} is the event's {@code seq},
 * {@code data:} its stored line. Resumes after {@code Last-Event-ID} (or {@code ?after_seq=}); sends a
 * keep-alive comment every {@code zigd.sse-keep-alive} while idle; after {@code zig_session_ended} sends
 * {@code event: end} and ends the response, so that an {@code EventSource} need not reconnect forever.
 */
@Singleton
public class SseRoute {
    private final SessionIndex index;
    private final SessionFeeds feeds;
    private final long keepAliveMs;

    public SseRoute(SessionIndex index, SessionFeeds feeds, ZigdConfig config) {
        this.index = index;
        this.feeds = feeds;
        this.keepAliveMs = config.sseKeepAlive().toMillis();
    }

    void install(@Observes Router router) {
        // Right after the access filter, before the REST layer claims the /api/v1/sessions/... path.
        router.get("/api/v1/sessions/:sel/events/stream").order(-999_000).handler(this::stream);
    }

    private void stream(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        Subscriber subscriber;
        try {
            String lastEventId = rc.request().getHeader("Last-Event-ID");
            Long afterSeq = lastEventId != null ? Query.nonNegative("Last-Event-ID", lastEventId.strip())
                    : Query.nonNegative("after_seq", rc.request().getParam("after_seq"));
            Set<String> types = Query.types(rc.request().getParam("type"));
            var session = index.select(rc.pathParam("sel"));
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            response.write(": zigd stream of " + session.id() + "\n\n");
            subscriber = feeds.open(session, afterSeq == null ? 0 : afterSeq, types, new SseSink(response));
        } catch (ZigdException e) {
            refuse(response, e.code(), e.getMessage());
            return;
        } catch (InvalidInputException e) {
            refuse(response, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
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
    }

    private static void refuse(HttpServerResponse response, ErrorCode code, String message) {
        response.setStatusCode(code.status).putHeader("Content-Type", "application/json")
                .end(ErrorBody.json(code, message));
    }

    /** SSE frames: {@code id: <seq>}, {@code data: <line>}; a stored line never holds a raw newline. */
    private static final class SseSink implements Subscriber.Sink {
        private final HttpServerResponse response;
        private long lastSeq;

        SseSink(HttpServerResponse response) {
            this.response = response;
        }

        @Override
        public Uni<Void> send(WrittenEvent event) {
            lastSeq = event.seq();
            Buffer frame = Buffer.buffer("id: " + event.seq() + "\ndata: " + event.line() + "\n\n");
            return Uni.createFrom().completionStage(() -> response.write(frame).toCompletionStage());
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
    }
}
