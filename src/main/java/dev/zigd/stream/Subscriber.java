package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;

/**
 * One listener: a WebSocket or SSE connection. It is offered every written batch by the hub's thread, keeps
 * what its filter accepts, and sends each as one frame.
 *
 * <p>Bounded: at most {@code capacity} frames may be unsent (queued in the connection, not yet written to the
 * socket). A live event that finds no room cuts the subscriber off alone (close 1008, naming the last
 * {@code seq} it was sent, so it can resume with {@code after_seq}); the hub never waits for it.
 *
 * <p>Per-session streams first replay stored events, then go live. The subscriber is registered with the hub
 * before the log is read, and holds live events while the replay runs; at the switch it sends the held events
 * whose {@code seq} is above the last replayed one. An event written before the registration is in the file;
 * one written after is held: no gap, and no duplicate.
 */
public final class Subscriber {

    /** Where frames go: a WebSocket connection or an SSE response. Both methods must not block. */
    public interface Sink {
        /** Sends one event as one frame; completes once the connection has written it out. */
        Uni<Void> send(WrittenEvent event);

        /** Ends the connection: 1000 after {@code zig_session_ended}, 1008 when cut off, 1001 at shutdown. */
        void close(int code, String reason);
    }

    private final EventHub hub;
    private final Predicate<WrittenEvent> filter;
    /** Set for a per-session stream: it ends after {@code zig_session_ended}. */
    private final String sessionId;
    /** Types to send (null: all); {@code zig_session_ended} is always sent on a per-session stream. */
    private final Set<String> types;
    private final int capacity;
    private final Semaphore room;
    private final Sink sink;

    // Guarded by this.
    private final ArrayDeque<WrittenEvent> held = new ArrayDeque<>();
    private boolean replaying;
    private boolean closed;
    private long lastSeq;
    private WrittenEvent lastSent;

    private Subscriber(EventHub hub, Predicate<WrittenEvent> filter, String sessionId, Set<String> types,
            long afterSeq, int capacity, boolean replaying, Sink sink) {
        this.hub = hub;
        this.filter = filter;
        this.sessionId = sessionId;
        this.types = types;
        this.lastSeq = afterSeq;
        this.capacity = capacity;
        this.room = new Semaphore(capacity);
        this.replaying = replaying;
        this.sink = sink;
    }

    /** A live-only subscriber (no history), registered at once. */
    public static Subscriber live(EventHub hub, Predicate<WrittenEvent> filter, int capacity, Sink sink) {
        Subscriber subscriber = new Subscriber(hub, filter, null, null, 0, capacity, false, sink);
        hub.add(subscriber);
        return subscriber;
    }

    /**
     * A per-session stream, registered at once and holding live events until {@link #goLive()}; the caller
     * replays the stored events after {@code afterSeq} with {@link #replay(WrittenEvent)} in between.
     */
    public static Subscriber forSession(EventHub hub, String sessionId, long afterSeq, Set<String> types,
            int capacity, Sink sink) {
        Subscriber subscriber = new Subscriber(hub, e -> e.sessionId().equals(sessionId), sessionId, types, afterSeq,
                capacity, true, sink);
        hub.add(subscriber);
        return subscriber;
    }

    /** Hub thread. */
    void offer(List<WrittenEvent> batch) {
        synchronized (this) {
            for (WrittenEvent event : batch) {
                if (closed) {
                    return;
                }
                if (!filter.test(event)) {
                    continue;
                }
                if (replaying) {
                    if (held.size() >= capacity) {
                        cutOff();
                        return;
                    }
                    held.add(event);
                } else {
                    handle(event);
                }
            }
        }
    }

    /**
     * Replays one stored event (a worker thread, while replaying). Waits for room rather than cutting off:
     * a replay is as fast as the subscriber reads. Returns false once the stream is over.
     */
    public boolean replay(WrittenEvent stored) throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return false;
            }
        }
        if (!room.tryAcquire(30, TimeUnit.SECONDS)) {
            synchronized (this) {
                cutOff();
            }
            return false;
        }
        room.release();
        synchronized (this) {
            return !closed && handle(stored);
        }
    }

    /** Ends the replay: sends the held events not replayed already, then passes live events straight on. */
    public void goLive() {
        synchronized (this) {
            while (!held.isEmpty() && !closed) {
                handle(held.poll());
            }
            replaying = false;
        }
    }

    /** Sends or skips one event; returns false when the stream is over. Holds the lock, so frames keep their order. */
    private boolean handle(WrittenEvent event) {
        if (sessionId != null) {
            if (event.seq() <= lastSeq) {
                return true;
            }
            lastSeq = event.seq();
            if (event.endsSession()) {
                if (send(event)) {
                    close(1000, "session ended");
                }
                return false;
            }
            if (types != null && !types.contains(event.type())) {
                return true;
            }
        }
        return send(event);
    }

    private boolean send(WrittenEvent event) {
        if (!room.tryAcquire()) {
            cutOff();
            return false;
        }
        lastSent = event;
        sink.send(event).subscribe().with(sent -> room.release(), failure -> close(1011, "send failed"));
        return true;
    }

    private void cutOff() {
        hub.countCutOff();
        String reason;
        if (lastSent == null) {
            reason = "subscriber too slow: nothing sent yet";
        } else if (sessionId != null) {
            reason = "subscriber too slow: last seq sent " + lastSent.seq();
        } else {
            reason = "subscriber too slow: last sent " + lastSent.sessionId() + " seq " + lastSent.seq();
        }
        close(1008, reason);
    }

    /** Stops the stream: unregisters from the hub and closes the connection. Safe to call more than once. */
    public synchronized void close(int code, String reason) {
        if (closed) {
            return;
        }
        closed = true;
        held.clear();
        hub.remove(this);
        sink.close(code, reason);
    }
}
