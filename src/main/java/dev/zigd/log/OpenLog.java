package dev.zigd.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;


/**
 * A session log the writer holds open: its channel, the last {@code seq} written, whether it has ended, and the
 * lines and outcomes of the batch being built. Touched by the writer thread only.
 */
final class OpenLog {
    final String sessionId;
    final Path file;
    final FileChannel channel;
    final Instant startedAt;
    final String workflowName;
    final String workspacePath;
    /** The file's identity when opened: if the path stops naming it (removed, replaced), writes must stop. */
    private final Object fileKey;
    long lastSeq;
    boolean ended;
    long size;

    // The batch being built: lines not yet written, and who to tell once they are (or are not).
    final LineBuffer pending = new LineBuffer();
    final List<PendingLine> lines = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();
    private boolean inBatch;
    private long lastSeqBefore;
    private boolean endedBefore;

    OpenLog(String sessionId, Path file, FileChannel channel, Instant startedAt, String workflowName,
            String workspacePath, long lastSeq, long size) throws IOException {
        this.sessionId = sessionId;
        this.file = file;
        this.channel = channel;
        this.startedAt = startedAt;
        this.workflowName = workflowName;
        this.workspacePath = workspacePath;
        this.fileKey = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        this.lastSeq = lastSeq;
        this.size = size;
    }

    /** Called before a batch adds lines; remembers the state to return to if the write fails. */
    boolean joinBatch() {
        if (inBatch) {
            return false;
        }
        inBatch = true;
        lastSeqBefore = lastSeq;
        endedBefore = ended;
        return true;
    }

    /**
     * Appends the pending lines with as few write calls as the OS allows. On failure the file is cut back to
     * where it was, so a failed batch never leaves a partial line, and the seq counter is rolled back.
     */
    void writePending(boolean fsync) throws IOException {
        ByteBuffer bytes = pending.asByteBuffer();
        long sizeBefore = size;
        try {
            checkStillAtPath();
            while (bytes.hasRemaining()) {
                size += channel.write(bytes);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            lastSeq = lastSeqBefore;
            ended = endedBefore;
            size = sizeBefore;
            try {
                channel.truncate(size);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        }
    }

    /** A line of the batch: where it sits in {@link #pending}, for the broadcast after the write. */
    record PendingLine(long seq, String type, int offset, int length) {
    }

    void add(long seq, String type, byte[] line) {
        lines.add(new PendingLine(seq, type, pending.size(), line.length - 1));
        pending.writeBytes(line);
    }

    /** The batch's lines as subscribers receive them: the stored bytes without the {@code \n}. */
    List<WrittenEvent> written() {
        List<WrittenEvent> out = new ArrayList<>(lines.size());
        for (PendingLine line : lines) {
            out.add(new WrittenEvent(sessionId, line.seq(), line.type(), pending.text(line.offset(), line.length()),
                    workflowName, workspacePath));
        }
        return out;
    }

    /**
     * A log removed (or replaced) under the daemon must not swallow events: writes to the unlinked file would
     * succeed and be lost. One stat per session per batch.
     */
    private void checkStillAtPath() throws IOException {
        Object now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            throw new RemovedLogException("log file " + file + " was removed");
        }
        if (fileKey != null && !fileKey.equals(now)) {
            throw new RemovedLogException("log file " + file + " was replaced by another file");
        }
    }

    /** The file this log was writing is gone from its path; the log must be closed and reopened from the path. */
    static final class RemovedLogException extends IOException {
        RemovedLogException(String message) {
            super(message);
        }
    }

    void endBatch() {
        pending.reset();
        lines.clear();
        outcomes.clear();
        inBatch = false;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was pending; a close error cannot lose an acknowledged event.
        }
    }
}
