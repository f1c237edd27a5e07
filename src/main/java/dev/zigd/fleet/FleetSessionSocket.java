package dev.zigd.fleet;

import dev.zigd.stream.StreamQuery;
import java.util.Map;

import dev.zigd.api.Query;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/fleet/sessions/{host}/{sel}/stream?after_seq=N&type=a,b}: as the local stream. */
@WebSocket(path = "/api/v1/fleet/sessions/{host}/{sel}/stream")
public class FleetSessionSocket {
    private final FleetStreams streams;

    public FleetSessionSocket(FleetStreams streams) {
        this.streams = streams;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return FleetSockets.open(connection, () -> {
            Map<String, String> query = StreamQuery.parse(connection.handshakeRequest().query());
            Long afterSeq = Query.nonNegative("after_seq", query.get("after_seq"));
            FleetDirectory.Item session = streams.select(connection.pathParam("host"), connection.pathParam("sel"));
            return streams.session(session, afterSeq == null ? 0 : afterSeq, Query.types(query.get("type")),
                    new FleetSockets.Sink(connection));
        });
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        FleetSockets.closed(connection);
    }
}
