package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.Threads;
import dev.zigd.log.StoredLinesListener;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Fan-out of written events. The writer emits each written batch into a Mutiny stream (one cheap, non-blocking
 * emit per batch, whatever the number of subscribers); the stream is delivered on the hub's own thread, which
 * offers the batch to every subscriber. A subscriber never slows the writer or another subscriber: it has its
 * own bounded buffer and is cut off when that fills.
 */
@Singleton
public class EventHub implements StoredLinesListener {
    private static final Logger LOG = Logger.getLogger(EventHub.class);

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Threads.single("zigd-hub");
    private final AtomicLong cutOff = new AtomicLong();
    private volatile MultiEmitter<? super List<WrittenEvent>> written;

    public void start() {
        Multi.createFrom().<List<WrittenEvent>>emitter(emitter -> written = emitter, BackPressureStrategy.BUFFER)
                .emitOn(thread)
                .subscribe().with(this::fanOut, failure -> LOG.error("event hub stopped", failure));
    }

    /** Closes every subscriber (1001); the writer may still publish, to nobody. Safe to call twice. */
    public void stop() {
        subscribers.forEach(s -> s.close(1001, "zigd is shutting down"));
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

    private void fanOut(List<WrittenEvent> batch) {
        for (Subscriber subscriber : subscribers) {
            subscriber.offer(batch);
        }
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
