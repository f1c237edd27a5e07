package dev.zigd.fleet;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.zigd.forward.Subjects;
import dev.zigd.forward.nats.EventMessages;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;

/**
 * One client's events from the stream: an ordered consumer (the server replays the subject from the start, or
 * only new messages, and the client library restarts it after a gap or a reconnect), on its own dispatcher
 * thread. Each message becomes a frame (or is skipped); at most {@code buffer} frames may be unsent; a client
 * that stays that far behind for 30 s is cut off (1008), so a slow client holds only its own thread.
 */
final class FleetFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FleetFeed.class);

    /** Where frames go (a WebSocket or an SSE response). */
    interface Sink {
        CompletionStage<?> send(String frame);

        void close(int code, String reason);
    }

    /** One stored event as it came from the stream. */
    record StreamEvent(String host, String sessionId, long seq, String type, String line) {
        boolean endsSession() {
            return "zig_session_ended".equals(type);
        }
    }

    /** Turns an event into a frame (null: skip it) and says when the feed is done. */
    interface Frames {
        String frame(StreamEvent event);

        /** Close reason after this event was sent, or null to go on. */
        default String doneAfter(StreamEvent event) {
            return null;
        }
    }

    private final Connection connection;
    private final Sink sink;
    private final Frames frames;
    private final Semaphore unsent;
    private Dispatcher dispatcher;
    private volatile boolean closed;
    private volatile long lastSeqSent;

    private FleetFeed(Connection connection, Sink sink, Frames frames, int buffer) {
        this.connection = connection;
        this.sink = sink;
        this.frames = frames;
        this.unsent = new Semaphore(buffer);
    }

    /**
     * {@code startSequence}: the stream sequence to replay from (1: everything the stream holds; see
     * {@link FleetPositions}), or 0 for live messages only.
     */
    static FleetFeed open(FleetConnection fleet, String filter, long startSequence, Sink sink, Frames frames,
            int buffer) throws Exception {
        Connection connection = fleet.require();
        FleetFeed feed = new FleetFeed(connection, sink, frames, buffer);
        feed.dispatcher = connection.createDispatcher();
        PushSubscribeOptions options = PushSubscribeOptions.builder().stream(fleet.stream()).ordered(true)
                .configuration(startSequence > 0 ? from(startSequence)
                        : ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
                .build();
        fleet.jetStream().subscribe(filter, feed.dispatcher, feed::deliver, false, options);
        return feed;
    }

    /** A consumer that starts at a stream sequence (1: at the stream's first message). */
    static ConsumerConfiguration from(long startSequence) {
        return startSequence <= 1 ? ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build()
                : ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartSequence)
                        .startSequence(startSequence).build();
    }

    private void deliver(Message message) throws InterruptedException {
        if (closed) {
            return;
        }
        StreamEvent event = event(message);
        String frame = frames.frame(event);
        if (frame != null) {
            if (!unsent.tryAcquire(30, TimeUnit.SECONDS)) {
                close(1008, "subscriber too slow: last seq sent " + lastSeqSent);
                return;
            }
            sink.send(frame).whenComplete((ok, failure) -> unsent.release());
            lastSeqSent = event.seq();
        }
        String done = frames.doneAfter(event);
        if (done != null) {
            close(1000, done);
        }
    }

    static StreamEvent event(Message message) {
        String[] parts = message.getSubject().split("\\.", 4);
        String host = parts.length > 2 ? parts[2] : "";
        String session = parts.length > 3 ? Subjects.untoken(parts[3]) : "";
        String type = message.getHeaders() == null ? null : message.getHeaders().getFirst(Subjects.TYPE_HEADER);
        return new StreamEvent(host, session, EventMessages.seq(message.getHeaders()), type,
                new String(message.getData(), StandardCharsets.UTF_8));
    }

    void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        sink.close(code, reason);
        close();
    }

    @Override
    public void close() {
        closed = true;
        Dispatcher open = dispatcher;
        if (open != null) {
            try {
                connection.closeDispatcher(open);
            } catch (RuntimeException e) {
                LOG.debugf("closing a fleet feed: %s", e.getMessage());
            }
        }
    }
}
