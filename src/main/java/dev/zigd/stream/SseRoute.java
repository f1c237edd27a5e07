package dev.zigd.stream;

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
            SseSink sink = new SseSink(response, rc.vertx(), rc.vertx().getOrCreateContext(), keepAliveMs);
            Subscriber subscriber = feeds.open(session, afterSeq == null ? 0 : afterSeq, types, sink);
            // Still on the event loop: whatever ends the stream runs on it after this, and stops this timer too.
            sink.start(() -> subscriber.close(1000, "closed by the client"));
        } catch (ZigdException e) {
            refuse(response, e.code(), e.getMessage());
        } catch (InvalidInputException e) {
            refuse(response, ErrorCode.BAD_REQUEST, e.getMessage());
        }
    }

    private static void refuse(HttpServerResponse response, ErrorCode code, String message) {
        response.setStatusCode(code.status).putHeader("Content-Type", "application/json")
                .end(ErrorBody.json(code, message));
    }
}
