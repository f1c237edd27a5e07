package dev.zigd.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a session log backwards, newest line first, from an end offset: the cost of the last N lines is O(N lines),
 * not O(file). Memory is one chunk, more only while a single line is longer (up to the line budget). A torn tail
 * (no {@code \n} yet) is not a line. Lines that are not event objects are skipped. Blocking; one thread at a time.
 */
public final class ReverseLogCursor implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final long lineBudget;
    private final LineHeader header = new LineHeader();
    private byte[] buffer = new byte[LogCursor.CHUNK];
    /** buffer[0, filled) holds file bytes [windowStart, windowStart + filled). */
    private long windowStart;
    private int filled;
    /** The file offset where the unread part ends: the start of the last line handed out. */
    private long lineEnd;

    private ReverseLogCursor(Path file, FileChannel channel, long lineBudget, long end) {
        this.file = file;
        this.channel = channel;
        this.lineBudget = lineBudget;
        this.lineEnd = end;
        this.windowStart = end;
    }

    /** Before the end of the file's whole lines. */
    public static ReverseLogCursor open(Path file) throws IOException {
        FileChannel channel = LogReader.openChannel(file);
        ReverseLogCursor cursor = new ReverseLogCursor(file, channel, LogCursor.DEFAULT_LINE_BUDGET, channel.size());
        cursor.dropTornTail();
        return cursor;
    }

    /** Before {@code end}, which must be a line start (or the end of the file). */
    public static ReverseLogCursor open(Path file, long end) throws IOException {
        FileChannel channel = LogReader.openChannel(file);
        ReverseLogCursor cursor = new ReverseLogCursor(file, channel, LogCursor.DEFAULT_LINE_BUDGET,
                Math.min(end, channel.size()));
        cursor.dropTornTail();
        return cursor;
    }

    /** The file offset of the start of the line handed out last (where a forward read of those lines begins). */
    public long position() {
        return lineEnd;
    }

    /**
     * Hands the previous event line to {@code visitor}, skipping lines that are not events.
     *
     * @return false at the start of the file (nothing was handed out)
     */
    public boolean previous(LineVisitor visitor) throws IOException {
        while (lineEnd > 0) {
            // The line ends with the \n at lineEnd - 1; it starts after the \n before that, or at 0.
            long newline = lastNewlineBefore(lineEnd - 1);
            long start = newline + 1;
            int offset = (int) (start - windowStart);
            int length = (int) (lineEnd - 1 - start);
            lineEnd = start;
            if (header.parse(buffer, offset, length)) {
                visitor.visit(header.seq, header.type, buffer, offset, length);
                return true;
            }
        }
        return false;
    }

    /** A log whose last bytes have no {@code \n} yet: those are not a line. */
    private void dropTornTail() throws IOException {
        if (lineEnd == 0) {
            return;
        }
        lineEnd = lastNewlineBefore(lineEnd) + 1;
    }

    /** The offset of the last {@code \n} strictly before {@code before}, or -1; the window then covers it to before. */
    private long lastNewlineBefore(long before) throws IOException {
        long searchedDownTo = before;
        while (true) {
            if (searchedDownTo <= windowStart) {
                if (windowStart == 0) {
                    return -1;
                }
                extendWindow(before);
            }
            for (long at = searchedDownTo - 1; at >= windowStart; at--) {
                if (buffer[(int) (at - windowStart)] == '\n') {
                    return at;
                }
            }
            searchedDownTo = windowStart;
            if (windowStart == 0) {
                return -1;
            }
        }
    }

    /** Reads the chunk before the window, keeping bytes up to {@code keepUntil} (the line being looked for). */
    private void extendWindow(long keepUntil) throws IOException {
        int keep = (int) Math.max(0, Math.min(filled, keepUntil - windowStart));
        long newStart = Math.max(0, windowStart - LogCursor.CHUNK);
        int add = (int) (windowStart - newStart);
        if (keep + add > buffer.length) {
            if (keep + add > lineBudget + LogCursor.CHUNK) {
                throw new LineTooLongException(file, windowStart, lineBudget);
            }
            byte[] bigger = new byte[Math.max(keep + add, buffer.length * 2)];
            System.arraycopy(buffer, 0, bigger, add, keep);
            buffer = bigger;
        } else if (buffer.length > LogCursor.CHUNK && keep + add <= LogCursor.CHUNK) {
            byte[] small = new byte[LogCursor.CHUNK];
            System.arraycopy(buffer, 0, small, add, keep);
            buffer = small;
        } else {
            System.arraycopy(buffer, 0, buffer, add, keep);
        }
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, add);
        while (target.hasRemaining()) {
            if (channel.read(target, newStart + target.position()) < 0) {
                throw new IOException(file + " shrank while it was read");
            }
        }
        windowStart = newStart;
        filled = keep + add;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
