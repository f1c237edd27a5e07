package dev.zigd.process.feed;

import java.util.concurrent.Semaphore;

import io.smallrye.mutiny.Uni;

/**
 * One listener of the processes stream. Bounded like a session stream's subscriber: at most {@code capacity}
 * frames may be unsent; one more cuts it off (close 1008) rather than making the feed wait.
 */
public final class ProcessSubscriber {

    /** A WebSocket connection or an SSE response; neither method may block. */
    public interface Sink {
        Uni<Void> send(String frame);

        void close(int code, String reason);
    }

    private final ProcessChanges changes;
    private final Sink sink;
    private final Semaphore room;
    private boolean closed;

    public ProcessSubscriber(ProcessChanges changes, int capacity, Sink sink) {
        this.changes = changes;
        this.sink = sink;
        this.room = new Semaphore(capacity);
    }

    /** The feed's thread. */
    synchronized void offer(String frame) {
        if (closed) {
            return;
        }
        if (!room.tryAcquire()) {
            close(1008, "subscriber too slow");
            return;
        }
        sink.send(frame).subscribe().with(sent -> room.release(), failure -> close(1011, "send failed"));
    }

    public synchronized void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        changes.unsubscribe(this);
        sink.close(code, reason);
    }
}
