package dev.zigd.process.feed;

import dev.zigd.config.ZigdConfig;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/processes/stream} (WebSocket): the snapshot frame, then one text frame per change. */
@WebSocket(path = "/api/v1/processes/stream")
public class ProcessStreamSocket {
    private static final TypedKey<ProcessSubscriber> SUBSCRIBER = new TypedKey<>("zigd.process-subscriber");

    private final ProcessChanges changes;
    private final int capacity;

    public ProcessStreamSocket(ProcessChanges changes, ZigdConfig config) {
        this.changes = changes;
        this.capacity = dev.zigd.config.FrameBudget.of(config);
    }

    @OnOpen
    public void open(WebSocketConnection connection) {
        ProcessSubscriber subscriber = new ProcessSubscriber(changes, capacity, new ProcessSubscriber.Sink() {
            @Override
            public Uni<Void> send(String frame) {
                return connection.sendText(frame);
            }

            @Override
            public void close(int code, String reason) {
                if (connection.isOpen()) {
                    connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
                    }, failure -> {
                    });
                }
            }
        });
        connection.userData().put(SUBSCRIBER, subscriber);
        changes.subscribe(subscriber);
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        ProcessSubscriber subscriber = connection.userData().get(SUBSCRIBER);
        if (subscriber != null) {
            subscriber.close(1000, "closed by the client");
        }
    }
}
