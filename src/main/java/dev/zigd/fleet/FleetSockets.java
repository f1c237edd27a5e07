package dev.zigd.fleet;

import dev.zigd.stream.StreamQuery;
import java.util.concurrent.CompletionStage;

import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** What the fleet's WebSocket endpoints share: the feed kept with the connection, the frames' sink, refusals. */
final class FleetSockets {
    static final TypedKey<FleetFeed> FEED = new TypedKey<>("zigd.fleet.feed");

    private FleetSockets() {
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static Uni<Void> refuse(WebSocketConnection connection, Exception e) {
        String message = e instanceof ZigdException || e instanceof InvalidInputException ? e.getMessage()
                : "cannot read the fleet stream: " + e.getMessage();
        return connection.close(new CloseReason(1008, StreamQuery.reason(message)));
    }

    static void closed(WebSocketConnection connection) {
        FleetFeed feed = connection.userData().get(FEED);
        if (feed != null) {
            feed.close();
        }
    }

    static final class Sink implements FleetFeed.Sink {
        private final WebSocketConnection connection;

        Sink(WebSocketConnection connection) {
            this.connection = connection;
        }

        @Override
        public CompletionStage<?> send(String frame) {
            return connection.sendText(frame).subscribeAsCompletionStage();
        }

        @Override
        public void close(int code, String reason) {
            if (connection.isOpen()) {
                connection.close(new CloseReason(code, StreamQuery.reason(reason))).subscribe().with(ok -> {
                }, failure -> {
                });
            }
        }
    }
}
