package dev.zigd.stream;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.zigd.api.Query;
import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;
import dev.zigd.index.Projects;
import dev.zigd.index.SessionIndex;
import dev.zigd.log.WrittenEvent;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The two outgoing WebSocket streams, served on Vert.x's {@link ServerWebSocket} directly (the hot path: see
 * {@link WebSocketSink}); the ingest endpoint is served the same way ({@link IngestSocket}).
 * <ul>
 * <li>{@code GET /api/v1/sessions/{sel}/stream?after_seq=N&type=a,b}: each event as one text frame holding its
 * stored line; the stored ones after {@code after_seq} first, then live ones; closed with 1000 after
 * {@code zig_session_ended} (always sent), 1008 for an unknown session or a bad parameter.</li>
 * <li>{@code GET /api/v1/subscribe?type=a,b&workflow=W&project=P&session=ID}: live events of every session
 * matching all given filters, sessions started later included. No history. {@code project} is a repository path,
 * resolved like a session's {@code cwd}.</li>
 * </ul>
 * Both take {@code ?batch=lines}: one text frame per written batch, its stored lines separated by {@code \n}.
 *
 * <p>Access: these routes are ordered right after {@code dev.zigd.transport.AccessFilter}, the router-wide
 * first route that checks origin and token of every request, upgrades included; nothing here bypasses it.
 */
@Singleton
public class StreamRoutes {
    /** After the access filter (-1,000,000), before the REST layer and websockets-next. */
    static final int ORDER = -999_000;
    /** As websockets-next's {@code auto-ping-interval} for the ingest endpoint; shorter if the idle timeout is. */
    static final long PING_INTERVAL_MILLIS = 10_000;
    private static final Buffer PING = Buffer.buffer("zigd");

    private final SessionIndex index;
    private final SessionFeeds feeds;
    private final EventHub hub;
    private final Projects projects;
    private final long budget;
    /** Keeps a quiet stream from being closed as idle (websockets-next's auto-ping does not reach these routes). */
    private final long pingMillis;

    public StreamRoutes(SessionIndex index, SessionFeeds feeds, EventHub hub, Projects projects, ZigdConfig config) {
        this.index = index;
        this.feeds = feeds;
        this.hub = hub;
        this.projects = projects;
        this.budget = config.subscriberBuffer().asLongValue();
        this.pingMillis = Math.max(100, Math.min(PING_INTERVAL_MILLIS, config.connections().idleTimeout().toMillis() / 3));
    }

    void install(@Observes Router router) {
        router.get("/api/v1/sessions/:sel/stream").order(ORDER).handler(this::sessionStream);
        router.get("/api/v1/subscribe").order(ORDER).handler(this::subscribe);
    }

    private void sessionStream(RoutingContext rc) {
        if (!isUpgrade(rc)) {
            return;
        }
        String sel = rc.pathParam("sel");
        Map<String, String> query = StreamQuery.parse(rc.request().query());
        rc.request().toWebSocket().onSuccess(socket -> {
            try {
                Long afterSeq = Query.nonNegative("after_seq", query.get("after_seq"));
                Set<String> types = Query.types(query.get("type"));
                boolean linesPerFrame = linesPerFrame(query);
                var session = index.select(sel);
                Subscriber subscriber = feeds.open(session, afterSeq == null ? 0 : afterSeq, types,
                        new WebSocketSink(socket, rc.request(), linesPerFrame));
                whenClosed(socket, subscriber, rc.vertx());
            } catch (ZigdException | InvalidInputException e) {
                socket.close((short) 1008, StreamQuery.reason(e.getMessage()));
            }
        });
    }

    private void subscribe(RoutingContext rc) {
        if (!isUpgrade(rc)) {
            return;
        }
        Map<String, String> query = StreamQuery.parse(rc.request().query());
        rc.request().toWebSocket().onSuccess(socket -> {
            socket.pause();
            // Resolving a project looks for .git on disk: not on the event loop.
            rc.vertx().<Predicate<WrittenEvent>> executeBlocking(() -> filter(query), false).onComplete(result -> {
                if (result.failed()) {
                    Throwable e = result.cause();
                    String message = e instanceof ZigdException || e instanceof InvalidInputException ? e.getMessage()
                            : "internal error: " + e;
                    socket.close((short) (message.startsWith("internal") ? 1011 : 1008), StreamQuery.reason(message));
                    return;
                }
                if (socket.isClosed()) {
                    return; // the client left while its filter was resolved: nothing to register
                }
                Subscriber subscriber = Subscriber.live(hub, result.result(), budget,
                        new WebSocketSink(socket, rc.request(), linesPerFrame(query)));
                whenClosed(socket, subscriber, rc.vertx());
                socket.resume();
            });
        });
    }

    /** Plain GETs get the JSON error, not a half handshake. */
    static boolean isUpgrade(RoutingContext rc) {
        String upgrade = rc.request().getHeader(HttpHeaders.UPGRADE);
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            return true;
        }
        rc.response().setStatusCode(ErrorCode.BAD_REQUEST.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ErrorBody.json(ErrorCode.BAD_REQUEST, rc.request().path() + " is a WebSocket: send an upgrade"));
        return false;
    }

    /**
     * Frames from the client are not read (the stream is one-way); its leaving stops the subscriber. A socket the
     * client already closed (before the handshake's answer reached it, or while the filter was resolved) takes no
     * handlers (Vert.x throws) and will never call one: its subscriber leaves the hub here, at once. Runs on the
     * connection's event loop, as Vert.x's close does, so nothing closes the socket in between.
     */
    private void whenClosed(ServerWebSocket socket, Subscriber subscriber, Vertx vertx) {
        if (socket.isClosed()) {
            subscriber.close(1000, "closed by the client");
            return;
        }
        // A ping whose write completes (or the client's pong) is activity: a quiet stream stays open, while a
        // client that reads nothing is still closed by the idle timeout.
        long pings = vertx.setPeriodic(pingMillis, id -> {
            if (!socket.isClosed()) {
                socket.writePing(PING);
            }
        });
        socket.handler(ignored -> {
        });
        socket.closeHandler(v -> {
            vertx.cancelTimer(pings);
            subscriber.close(1000, "closed by the client");
        });
    }

    private static boolean linesPerFrame(Map<String, String> query) {
        String batch = query.get("batch");
        if (batch != null && !batch.equals("lines")) {
            throw new InvalidInputException("batch must be 'lines' (one frame per written batch) or absent, not '"
                    + batch + "'");
        }
        return batch != null;
    }

    private Predicate<WrittenEvent> filter(Map<String, String> query) {
        linesPerFrame(query);
        Predicate<WrittenEvent> filter = e -> true;
        Set<String> types = Query.types(query.get("type"));
        if (types != null) {
            filter = filter.and(e -> types.contains(e.type()));
        }
        String workflow = query.get("workflow");
        if (workflow != null && !workflow.isEmpty()) {
            filter = filter.and(e -> workflow.equals(e.workflowName()));
        }
        String session = query.get("session");
        if (session != null && !session.isEmpty()) {
            filter = filter.and(e -> e.sessionId().equals(session));
        }
        String project = query.get("project");
        if (project != null && !project.isEmpty()) {
            String workspace = projects.resolve(project, null).storageDir().toString();
            filter = filter.and(e -> workspace.equals(e.workspacePath()));
        }
        return filter;
    }
}
