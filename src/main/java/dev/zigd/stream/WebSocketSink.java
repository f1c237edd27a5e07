package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** Frames to a WebSocket connection: each event's stored line as one text frame. */
final class WebSocketSink implements Subscriber.Sink {
    static final TypedKey<Subscriber> SUBSCRIBER = new TypedKey<>("zigd.subscriber");

    private final WebSocketConnection connection;

    WebSocketSink(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public Uni<Void> send(WrittenEvent event) {
        return connection.sendText(event.line());
    }

    @Override
    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }

    /** The client went away: stop its subscriber. */
    static void closed(WebSocketConnection connection) {
        Subscriber subscriber = connection.userData().get(SUBSCRIBER);
        if (subscriber != null) {
            subscriber.close(1000, "closed by the client");
        }
    }
}
