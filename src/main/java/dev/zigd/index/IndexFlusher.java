package dev.zigd.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.Threads;
import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.event.PrettyList;

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
    private final ZigdPaths paths;
    private final Map<Path, FileStamp> stamps = new HashMap<>();
    /** One per file: each remembers the bytes of the entries it wrote last time. */
    private final Map<Path, PrettyList<Object>> encoders = new HashMap<>();
    private final Duration interval;
    private final ExecutorService thread = Threads.single("zigd-index");
    private final AtomicLong filesWritten = new AtomicLong();
    private Cancellable ticker;

    public IndexFlusher(SessionIndex index, ZigdPaths paths, ZigdConfig config) {
        this.index = index;
        this.paths = paths;
        this.interval = config.indexFlushInterval();
    }

    public void start() {
        rememberFiles();
        ticker = Multi.createFrom().ticks().every(interval)
                .onOverflow().drop()
                .emitOn(thread)
                .subscribe().with(tick -> flush(), failure -> LOG.error("index flusher stopped", failure));
    }

    /**
     * Writes every dirty index file now; a file that fails stays dirty and is tried again on the next tick.
     * Before writing a file (and on every tick for the global index), a change another program made to it since
     * zigd last wrote it is merged in first, so nothing it wrote is lost.
     */
    public synchronized void flush() {
        flushCountingFailures();
    }

    /**
     * Writes every dirty index file now, on the caller's thread; true when every write succeeded. Retention calls
     * it after {@link SessionIndex#removeEnded} so that the removal is on disk, one write per file, before any log
     * goes.
     */
    public synchronized boolean flushNow() {
        return flushCountingFailures() == 0;
    }

    private int flushCountingFailures() {
        int failures = 0;
        Set<Path> check = new LinkedHashSet<>(index.dirtyFiles());
        check.add(paths.globalIndex());
        for (Path file : check) {
            FileStamp now = FileStamp.of(file);
            FileStamp known = stamps.get(file);
            if (now != null && !now.equals(known)) {
                if (known != null) {
                    LOG.infof("index %s was changed by another program; merging its entries", file);
                }
                index.mergeFromDisk(file);
                // Merged: unless zigd writes it below, this version needs no second look.
                stamps.put(file, now);
            }
        }
        for (SessionIndex.Snapshot snapshot : index.takeDirty()) {
            try {
                IndexFile.write(snapshot.file(), snapshot.sessions(),
                        encoders.computeIfAbsent(snapshot.file(), f -> new PrettyList<>("sessions")));
                stamps.put(snapshot.file(), FileStamp.of(snapshot.file()));
                filesWritten.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                LOG.errorf("cannot write index %s: %s (will retry)", snapshot.file(), e);
                index.markDirty(snapshot.file());
                failures++;
            }
        }
        return failures;
    }

    /** Notes the files as they are now (after loading), so later changes by others can be told apart. */
    private synchronized void rememberFiles() {
        for (Path file : index.files()) {
            FileStamp stamp = FileStamp.of(file);
            if (stamp != null) {
                stamps.put(file, stamp);
            }
        }
    }

    /** What identifies a file's content cheaply: size, modification time, inode. */
    private record FileStamp(long size, FileTime modified, Object key) {
        static FileStamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
            } catch (IOException e) {
                return null;
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
