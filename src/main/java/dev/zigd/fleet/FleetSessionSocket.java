package dev.zigd.fleet;

import dev.zigd.stream.StreamQuery;
import java.util.Map;

import dev.zigd.api.Query;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** {@code GET /api/v1/fleet/sessions/{host}/{sel}/stream?after_seq=N&type=a,b}: as the local stream. */
@WebSocket(path = "/api/v1/fleet/sessions/{host}/{sel}/stream")
public class FleetSessionSocket {
    private final FleetStreams streams;

    public FleetSessionSocket(FleetStreams streams) {
        this.streams = streams;
    }

    /** Opening asks the broker (where the resumed seq is, then a consumer): done on a worker, not the event loop. */
    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return Uni.createFrom().item(() -> {
            try {
                Map<String, String> query = StreamQuery.parse(connection.handshakeRequest().query());
                Long afterSeq = Query.nonNegative("after_seq", query.get("after_seq"));
                FleetDirectory.Item session = streams.select(connection.pathParam("host"), connection.pathParam("sel"));
                FleetFeed feed = streams.session(session, afterSeq == null ? 0 : afterSeq,
                        Query.types(query.get("type")), new FleetSockets.Sink(connection));
                connection.userData().put(FleetSockets.FEED, feed);
                if (connection.isClosed()) {
                    feed.close(); // the client left while the broker answered: @OnClose found no feed to close
                }
                return (Exception) null;
            } catch (Exception e) {
                return e;
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(failure -> failure == null ? Uni.createFrom().voidItem() : FleetSockets.refuse(connection, failure));
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        FleetSockets.closed(connection);
    }
}
