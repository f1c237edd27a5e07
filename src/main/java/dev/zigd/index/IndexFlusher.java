package dev.zigd.index;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.Threads;
import dev.zigd.config.ZigdConfig;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Writes the index files that changed, at most every {@code zigd.index-flush-interval} and once more at
 * shutdown, each atomically. Many session starts and ends between two ticks cost one write per file, so a
 * session's cost does not grow with the number of sessions already listed.
 */
@Singleton
public class IndexFlusher {
    private static final Logger LOG = Logger.getLogger(IndexFlusher.class);

    private final SessionIndex index;
    private final Duration interval;
    private final ExecutorService thread = Threads.single("zigd-index");
    private final AtomicLong filesWritten = new AtomicLong();
    private Cancellable ticker;

    public IndexFlusher(SessionIndex index, ZigdConfig config) {
        this.index = index;
        this.interval = config.indexFlushInterval();
    }

    public void start() {
        ticker = Multi.createFrom().ticks().every(interval)
                .onOverflow().drop()
                .emitOn(thread)
                .subscribe().with(tick -> flush(), failure -> LOG.error("index flusher stopped", failure));
    }

    /** Writes every dirty index file now; a file that fails stays dirty and is tried again on the next tick. */
    public synchronized void flush() {
        for (SessionIndex.Snapshot snapshot : index.takeDirty()) {
            try {
                IndexFile.write(snapshot.file(), snapshot.sessions());
                filesWritten.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                LOG.errorf("cannot write index %s: %s (will retry)", snapshot.file(), e);
                index.markDirty(snapshot.file());
            }
        }
    }

    /** Stops the ticker and writes what is left. Call after the writer has written its last event. */
    public void stop() {
        if (ticker != null) {
            ticker.cancel();
        }
        thread.shutdown();
        flush();
    }

    public long filesWritten() {
        return filesWritten.get();
    }
}
