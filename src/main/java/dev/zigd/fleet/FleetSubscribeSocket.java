package dev.zigd.fleet;

import dev.zigd.stream.StreamQuery;
import java.util.Map;

import dev.zigd.api.Query;
import dev.zigd.error.ZigdException;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/fleet/subscribe?host=H&session=ID&type=a,b&workflow=W&project=P}: live, every host. */
@WebSocket(path = "/api/v1/fleet/subscribe")
public class FleetSubscribeSocket {
    private final FleetStreams streams;

    public FleetSubscribeSocket(FleetStreams streams) {
        this.streams = streams;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return FleetSockets.open(connection, () -> {
            Map<String, String> query = StreamQuery.parse(connection.handshakeRequest().query());
            String host = FleetSockets.blankToNull(query.get("host"));
            if (host != null && !host.matches("[A-Za-z0-9_-]+")) {
                throw ZigdException.badRequest("query parameter 'host' is not a host name: '" + host + "'");
            }
            return streams.subscribe(host, FleetSockets.blankToNull(query.get("session")),
                    Query.types(query.get("type")), FleetSockets.blankToNull(query.get("workflow")),
                    FleetSockets.blankToNull(query.get("project")), new FleetSockets.Sink(connection));
        });
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        FleetSockets.closed(connection);
    }
}
