package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.Threads;
import dev.zigd.config.ZigdConfig;
import dev.zigd.log.StoredLinesListener;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Future;

/**
 * Fan-out of written events. The writer emits each written batch into a Mutiny stream (one cheap, non-blocking
 * emit per batch, whatever the number of subscribers); the stream is delivered on the hub's own thread, which
 * encodes it once and offers it to every subscriber. A subscriber never slows the writer or another subscriber:
 * it may hold {@code zigd.subscriber-buffer} unsent bytes and is cut off when it would hold more; all of them
 * together may hold {@code zigd.subscriber-buffer-total}, past which the one holding the most is cut off.
 */
@Singleton
public class EventHub implements StoredLinesListener {
    private static final Logger LOG = Logger.getLogger(EventHub.class);

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Threads.single("zigd-hub");
    private final AtomicLong cutOff = new AtomicLong();
    /**
     * Bytes handed to subscribers' connections and not written out yet, all subscribers together; frames shared
     * by several subscribers count once.
     */
    private final AtomicLong held = new AtomicLong();
    private final long heldLimit;
    private volatile MultiEmitter<? super List<WrittenEvent>> written;

    @Inject
    public EventHub(ZigdConfig config) {
        this.heldLimit = config.subscriberBufferTotal().asLongValue();
    }

    /** A hub without a limit on all subscribers' unsent bytes together (tests). */
    public EventHub() {
        this.heldLimit = Long.MAX_VALUE;
    }

    public void start() {
        Multi.createFrom().<List<WrittenEvent>>emitter(emitter -> written = emitter, BackPressureStrategy.BUFFER)
                .emitOn(thread)
                .subscribe().with(this::fanOut, failure -> LOG.error("event hub stopped", failure));
    }

    /**
     * Closes every subscriber (1001, SSE: {@code event: error}); the writer may still publish, to nobody. Safe to
     * call twice. The future completes once every goodbye is written (or its connection gone).
     */
    public Future<Void> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        subscribers.forEach(s -> closing.add(s.close(1001, "zigd is shutting down")));
        return Future.join(closing).mapEmpty();
    }

    @Override
    public boolean wantsLines() {
        return hasSubscribers();
    }

    @Override
    public void linesStored(List<WrittenEvent> batch) {
        publish(batch);
    }

    /** Whether anyone listens; the writer skips building {@link WrittenEvent}s when nobody does. */
    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /** Called by the writer after the batch is in the file. Never blocks. */
    public void publish(List<WrittenEvent> batch) {
        MultiEmitter<? super List<WrittenEvent>> emitter = written;
        if (emitter != null && !batch.isEmpty()) {
            emitter.emit(batch);
        }
    }

    /** Encodes the batch once, hands it to every subscriber, then keeps all subscribers' bytes in bounds. */
    private void fanOut(List<WrittenEvent> written) {
        EncodedBatch batch = EncodedBatch.of(this, written);
        try {
            for (Subscriber subscriber : subscribers) {
                try {
                    subscriber.offer(batch);
                } catch (OutOfMemoryError e) {
                    LOG.warnf("no memory for the frames of a stream subscriber (%s); cutting it off", e.getMessage());
                    subscriber.cutOff();
                } catch (RuntimeException e) {
                    LOG.warnf(e, "stream subscriber failed; closing it");
                    subscriber.close(1011, "internal error");
                }
            }
        } finally {
            batch.release();
        }
        if (held.get() > heldLimit) {
            cutOffLargest();
        }
    }

    /**
     * Over {@code zigd.subscriber-buffer-total}: the subscriber holding the most unsent bytes goes (its memory is
     * freed once its connection closes), so memory shared with the writer and requests stays in bounds.
     */
    private void cutOffLargest() {
        Subscriber largest = null;
        for (Subscriber subscriber : subscribers) {
            if (largest == null || subscriber.pendingBytes() > largest.pendingBytes()) {
                largest = subscriber;
            }
        }
        if (largest != null && largest.pendingBytes() > 0) {
            largest.cutOff();
        }
    }

    void held(long bytes) {
        held.addAndGet(bytes);
    }

    /** From now on the subscriber is offered every written batch (it filters for itself). */
    public void add(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public void remove(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    void countCutOff() {
        cutOff.incrementAndGet();
    }

    public long subscribersCutOff() {
        return cutOff.get();
    }
}
