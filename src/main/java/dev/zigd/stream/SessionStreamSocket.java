package dev.zigd.stream;

import java.util.Map;

import dev.zigd.api.Query;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;
import dev.zigd.index.SessionIndex;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /api/v1/sessions/{sel}/stream?after_seq=N&type=a,b} (WebSocket): each event as one text frame
 * holding its stored line; the stored ones after {@code after_seq} first, then live ones; closed with 1000
 * after {@code zig_session_ended} (always sent), 1008 for an unknown session or a bad parameter.
 */
@WebSocket(path = "/api/v1/sessions/{sel}/stream")
public class SessionStreamSocket {
    private final SessionIndex index;
    private final SessionFeeds feeds;

    public SessionStreamSocket(SessionIndex index, SessionFeeds feeds) {
        this.index = index;
        this.feeds = feeds;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        try {
            Map<String, String> query = StreamQuery.parse(connection.handshakeRequest().query());
            Long afterSeq = Query.nonNegative("after_seq", query.get("after_seq"));
            var session = index.select(connection.pathParam("sel"));
            Subscriber subscriber = feeds.open(session, afterSeq == null ? 0 : afterSeq, Query.types(query.get("type")),
                    new WebSocketSink(connection));
            connection.userData().put(WebSocketSink.SUBSCRIBER, subscriber);
            return Uni.createFrom().voidItem();
        } catch (ZigdException | InvalidInputException e) {
            return connection.close(new CloseReason(1008, StreamQuery.reason(e.getMessage())));
        }
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        WebSocketSink.closed(connection);
    }
}
