package dev.zigd.fleet;

import dev.zigd.stream.StreamQuery;
import java.util.concurrent.CompletionStage;

import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** What the fleet's WebSocket endpoints share: the feed kept with the connection, the frames' sink, refusals. */
final class FleetSockets {
    static final TypedKey<FleetFeed> FEED = new TypedKey<>("zigd.fleet.feed");

    private FleetSockets() {
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Makes the connection's feed; may ask the broker. */
    interface Opening {
        FleetFeed open() throws Exception;
    }

    /**
     * Opens the connection's feed on a worker, not the event loop: it asks the broker (for a consumer, and for a
     * resumed stream where to start) and waits for the answers. The feed is kept with the connection, or the
     * connection refused.
     */
    static Uni<Void> open(WebSocketConnection connection, Opening opening) {
        return Uni.createFrom().item(() -> {
            try {
                FleetFeed feed = opening.open();
                connection.userData().put(FEED, feed);
                if (connection.isClosed()) {
                    feed.close(); // the client left while the broker answered: @OnClose found no feed to close
                }
                return (Exception) null;
            } catch (Exception e) {
                return e;
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(failure -> failure == null ? Uni.createFrom().voidItem() : refuse(connection, failure));
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
