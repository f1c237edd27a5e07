package dev.zigd.stream;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jboss.logging.Logger;

import dev.zigd.log.LogCursor;

/**
 * Replays a session log to one per-session {@link Subscriber}, a chunk at a time, driven by the subscriber's
 * demand: a chunk is read (a short blocking read on a worker thread, through a {@link LogCursor} opened for that
 * chunk only) once the previous one is written out to the socket. No thread waits for the client: a subscriber
 * that stops reading leaves its replay parked as a path and an offset, and the one chunk its connection holds. At the end of the file the
 * subscriber goes live (see {@link Subscriber} for why that leaves no gap and no duplicate).
 */
final class Replay {
    private static final Logger LOG = Logger.getLogger(Replay.class);
    /** Bytes of log read per step: the most a parked replay holds. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final EventHub hub;
    private final Subscriber subscriber;
    private final String sessionId;
    private final Path log;
    private final boolean sessionOpen;
    private final Executor reads;
    // Touched by one step at a time (each step starts after the previous one ended).
    /** Offset of the next line to replay (a line start). */
    private long position;
    /** Whether the last read reached the end of the file's whole lines. */
    private boolean readToEnd;
    private long fileSeq;
    private boolean endInFile;

    Replay(EventHub hub, Subscriber subscriber, String sessionId, Path log, boolean sessionOpen, Executor reads) {
        this.hub = hub;
        this.subscriber = subscriber;
        this.sessionId = sessionId;
        this.log = log;
        this.sessionOpen = sessionOpen;
        this.reads = reads;
    }

    void start() {
        schedule();
    }

    private void schedule() {
        try {
            reads.execute(this::step);
        } catch (RejectedExecutionException e) {
            subscriber.close(1001, "zigd is shutting down");
        }
    }

    /** Reads chunks until one is handed to the connection (its write schedules the next) or the end is reached. */
    private void step() {
        try {
            while (!subscriber.isClosed()) {
                List<ReplayedLine> lines = readChunk();
                if (lines.isEmpty()) {
                    if (readToEnd && atEnd()) {
                        return;
                    }
                    continue;
                }
                for (ReplayedLine line : lines) {
                    fileSeq = Math.max(fileSeq, line.seq());
                    endInFile |= line.type().equals("zig_session_ended");
                }
                EncodedBatch chunk = EncodedBatch.ofStored(hub, sessionId, lines);
                if (chunk.size() == 0) {
                    continue;
                }
                try {
                    if (subscriber.replay(chunk, this::schedule)) {
                        return;
                    }
                } finally {
                    chunk.release();
                }
            }
        } catch (OutOfMemoryError e) {
            LOG.warnf("no memory to replay %s to a subscriber (%s); cutting it off", log, e.getMessage());
            subscriber.cutOff();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot replay %s: %s", log, e);
            subscriber.close(1011, StreamQuery.reason("cannot read log " + log + ": " + e.getMessage()));
        }
    }

    /** The event lines of the next chunk (about {@link #CHUNK_BYTES}); empty when the log does not exist (yet). */
    private List<ReplayedLine> readChunk() throws IOException {
        List<ReplayedLine> lines = new ArrayList<>();
        try (LogCursor cursor = LogCursor.open(log)) {
            cursor.seek(position);
            readToEnd = !cursor.read(CHUNK_BYTES, (seq, type, bytes, offset, length) -> lines
                    .add(new ReplayedLine(seq, type, Arrays.copyOfRange(bytes, offset, offset + length))));
            position = cursor.position();
        } catch (NoSuchFileException e) {
            readToEnd = true;
        }
        return lines;
    }

    /** One stored event line of a replay chunk, without its {@code \n}, byte for byte. */
    record ReplayedLine(long seq, String type, byte[] bytes) {
    }

    /** At the end of the file: goes live, or closes an ended session's stream. False: read on. */
    private boolean atEnd() {
        if (!sessionOpen || endInFile) {
            // Ended before we looked (or its end line is at or before after_seq, or zig stamped the index and
            // crashed before writing the end line): nothing more will come.
            subscriber.closeWithLastSeq(1000, "session ended", fileSeq);
            return true;
        }
        return subscriber.goLiveIfCaughtUp(fileSeq);
    }
}
