package dev.zigd.stream;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.zigd.log.WrittenEvent;

import io.vertx.core.Future;

/**
 * One listener: a WebSocket or SSE connection. It is offered every written batch by the hub's thread, picks what
 * its filter accepts, and hands the picked frames to its connection in one write.
 *
 * <p>Bounded in bytes: at most {@code budget} bytes may be handed to the connection and not yet written to the
 * socket. A live batch that does not fit cuts the subscriber off alone (close 1008, naming the last {@code seq}
 * it was handed, so it can resume with {@code after_seq}); the hub never waits for it.
 *
 * <p>Per-session streams first replay stored events (see {@link Replay}), then go live. The subscriber is
 * registered with the hub before the log is read; while it replays, it passes live batches by (they are in the
 * file already: the writer tells listeners after the write) and only notes the highest {@code seq} it passed.
 * The replay goes live only when it reached the end of the file and that end is at or past every noted
 * {@code seq}, under the same lock: an event written before the switch is read from the file, one written after
 * is delivered live; the {@code seq} check drops what both would carry. No gap, no duplicate, and no queue of
 * held events however long the replay takes.
 */
public final class Subscriber {

    /** Where frames go: a WebSocket connection or an SSE response. Neither method may block. */
    public interface Sink {
        /**
         * Hands the picked lines of the batch to the connection as one write and one flush, done on the
         * connection's own event loop after whatever was handed over before; calls {@code written} (on any
         * thread) once the bytes are out, or failed.
         */
        void write(EncodedBatch batch, int[] picked, int count, Runnable written);

        /**
         * Whether {@link #write} copies the bytes for this connection (else it hands over the batch's shared ones)
         * when it picks {@code all} the batch's lines, or some.
         */
        boolean copies(boolean all);

        /**
         * Ends the connection after what was handed over: 1000 after {@code zig_session_ended} ({@code lastSeq} is
         * the session's last), 1008 when cut off, 1001 at shutdown. The future completes once the goodbye (close
         * frame, last SSE event) is written or the connection is gone.
         */
        Future<Void> close(int code, String reason, long lastSeq);
    }

    private final EventHub hub;
    private final Predicate<WrittenEvent> filter;
    /** Set for a per-session stream: it ends after {@code zig_session_ended}. */
    private final String sessionId;
    /** Types to send (null: all); {@code zig_session_ended} is always sent on a per-session stream. */
    private final Set<String> types;
    private final long budget;
    private final Sink sink;
    private final AtomicLong pendingBytes = new AtomicLong();

    // Guarded by this.
    private boolean replaying;
    private long passedWhileReplaying;
    private boolean closed;
    private long lastSeq;
    private String lastSentSession;
    private long lastSentSeq = -1;

    private Subscriber(EventHub hub, Predicate<WrittenEvent> filter, String sessionId, Set<String> types,
            long afterSeq, long budget, boolean replaying, Sink sink) {
        this.hub = hub;
        this.filter = filter;
        this.sessionId = sessionId;
        this.types = types;
        this.lastSeq = afterSeq;
        this.budget = budget;
        this.replaying = replaying;
        this.sink = sink;
    }

    /** A live-only subscriber (no history), registered at once. */
    public static Subscriber live(EventHub hub, Predicate<WrittenEvent> filter, long budget, Sink sink) {
        Subscriber subscriber = new Subscriber(hub, filter, null, null, 0, budget, false, sink);
        hub.add(subscriber);
        return subscriber;
    }

    /**
     * A per-session stream, registered at once and replaying until {@link #goLiveIfCaughtUp}; the replay hands
     * stored lines after {@code afterSeq} to {@link #replay} in between.
     */
    public static Subscriber forSession(EventHub hub, String sessionId, long afterSeq, Set<String> types, long budget,
            Sink sink) {
        Subscriber subscriber = new Subscriber(hub, null, sessionId, types, afterSeq, budget, true, sink);
        hub.add(subscriber);
        return subscriber;
    }

    /** Hub thread: a live batch. */
    void offer(EncodedBatch batch) {
        if (sessionId != null && !sessionId.equals(batch.sessionId())) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (replaying) {
                passedWhileReplaying = Math.max(passedWhileReplaying, batch.lastSeq());
                return;
            }
            deliver(batch, true, null);
        }
    }

    /**
     * A chunk of the replay; {@code written} runs once it is out (the replay reads the next chunk then). Returns
     * false when nothing was handed over (the stream is over, or nothing in the chunk is for this subscriber).
     */
    synchronized boolean replay(EncodedBatch chunk, Runnable written) {
        return !closed && deliver(chunk, false, written);
    }

    /**
     * The replay reached the end of the file: goes live unless a live batch passed by that the file read did not
     * reach yet (then the caller reads on). Returns whether the stream is now live (or over).
     */
    synchronized boolean goLiveIfCaughtUp(long fileSeq) {
        if (closed) {
            return true;
        }
        if (passedWhileReplaying > Math.max(fileSeq, lastSeq)) {
            return false;
        }
        replaying = false;
        return true;
    }

    /** Whether the stream is over (closed for whatever reason). */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Bytes handed to the connection and not written out yet. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    /**
     * Picks, checks the budget, hands over. Holds the lock, so frames keep their order. Returns whether anything
     * was handed over.
     */
    private boolean deliver(EncodedBatch batch, boolean live, Runnable afterWrite) {
        int[] picked = new int[batch.size()];
        int count = 0;
        long bytes = 0;
        boolean ends = false;
        for (int i = 0; i < batch.size(); i++) {
            if (sessionId != null) {
                long seq = batch.seq(i);
                if (seq <= lastSeq) {
                    continue;
                }
                lastSeq = seq;
                if (batch.endsSession(i)) {
                    ends = true;
                } else if (types != null && !types.contains(batch.type(i))) {
                    continue;
                }
            } else if (!filter.test(batch.event(i))) {
                continue;
            }
            picked[count++] = i;
            bytes += batch.lineLength(i) + EncodedBatch.FRAME_OVERHEAD;
            if (ends) {
                break;
            }
        }
        if (count == 0) {
            return false;
        }
        // A replay chunk is never cut off: the replay reads the next one only once this one is out.
        if (live && pendingBytes.get() + bytes > budget) {
            cutOff();
            return false;
        }
        long handed = bytes;
        long copied = sink.copies(count == batch.size()) ? bytes : 0;
        pendingBytes.addAndGet(handed);
        hub.held(copied);
        batch.hold();
        lastSentSession = batch.sessionId();
        lastSentSeq = batch.seq(picked[count - 1]);
        Runnable uncount = () -> {
            pendingBytes.addAndGet(-handed);
            hub.held(-copied);
            batch.unhold();
        };
        try {
            sink.write(batch, picked, count, afterWrite == null ? uncount : () -> {
                uncount.run();
                afterWrite.run();
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            // No memory for the frames (direct memory is bounded): the caller cuts this subscriber off.
            uncount.run();
            throw e;
        }
        if (ends) {
            close(1000, "session ended");
        }
        return true;
    }

    /** Cut off for being too slow (1008), naming the last event handed over. */
    synchronized void cutOff() {
        if (closed) {
            return;
        }
        hub.countCutOff();
        String reason;
        if (lastSentSeq < 0) {
            reason = "subscriber too slow: nothing sent yet";
        } else if (sessionId != null) {
            reason = "subscriber too slow: last seq sent " + lastSentSeq;
        } else {
            reason = "subscriber too slow: last sent " + lastSentSession + " seq " + lastSentSeq;
        }
        close(1008, reason);
    }

    /** Stops the stream: unregisters from the hub and closes the connection. Safe to call more than once. */
    public synchronized Future<Void> close(int code, String reason) {
        return closeWithLastSeq(code, reason, lastSeq);
    }

    /** As {@link #close}, naming the session's last {@code seq} for an end (SSE tells it the client). */
    synchronized Future<Void> closeWithLastSeq(int code, String reason, long sessionLastSeq) {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        hub.remove(this);
        return sink.close(code, reason, sessionLastSeq);
    }
}
