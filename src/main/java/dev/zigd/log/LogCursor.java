package dev.zigd.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import dev.zigd.log.LogReader.StoredLine;

/**
 * Reads a session log forward in bounded chunks, from any line start, without loading the file: memory is one
 * chunk buffer (64 KiB), more only while a single line is longer (up to the line budget). The cursor always stands
 * at a line start; a torn tail (bytes without their {@code \n}, e.g. a write in progress) is left unread, so reading
 * again later continues with it once it is whole: a cursor can follow a log that is still being written.
 * Lines that are not event objects are skipped. Blocking; one thread at a time.
 */
public final class LogCursor implements Closeable {
    public static final int CHUNK = 64 * 1024;
    /** Default line budget: well over {@code zigd.max-event-size}; zig's own lines have no limit. */
    public static final long DEFAULT_LINE_BUDGET = 64L * 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final long lineBudget;
    private final LineHeader header = new LineHeader();
    private byte[] buffer = new byte[CHUNK];
    /** buffer[start, end) holds file bytes from {@link #position} on, not yet handed out. */
    private int start;
    private int end;
    private long position;
    /** Lines with a seq up to this one are skipped (set by {@link #seekAfterSeq}). */
    private long skipThrough = -1;

    private LogCursor(Path file, FileChannel channel, long lineBudget) {
        this.file = file;
        this.channel = channel;
        this.lineBudget = lineBudget;
    }

    /** At the start of the file. Throws {@link java.nio.file.NoSuchFileException} when there is none. */
    public static LogCursor open(Path file) throws IOException {
        return open(file, DEFAULT_LINE_BUDGET);
    }

    public static LogCursor open(Path file, long lineBudget) throws IOException {
        return new LogCursor(file, LogReader.openChannel(file), lineBudget);
    }

    /** The file offset of the next line to read (a line start). */
    public long position() {
        return position;
    }

    /** Moves to {@code offset}, which must be a line start (0, or right after a {@code \n}). */
    public void seek(long offset) {
        position = offset;
        start = 0;
        end = 0;
        skipThrough = -1;
    }

    /**
     * Moves to the first line whose {@code seq} is above {@code seq}, by bisection over the file (a log's seqs grow
     * line by line): O(log size) small reads, then at most one chunk is scanned.
     */
    public void seekAfterSeq(long seq) throws IOException {
        long low = 0;
        long high = channel.size();
        ByteBuffer probe = ByteBuffer.allocate(4096);
        while (high - low > CHUNK) {
            long middle = low + (high - low) / 2;
            long lineStart = nextLineStart(middle, high, probe);
            if (lineStart < 0) {
                break;
            }
            long found = seqAt(lineStart, probe);
            if (found < 0) {
                break;
            }
            if (found <= seq) {
                low = lineStart;
            } else {
                high = lineStart;
            }
        }
        seek(low);
        skipThrough = seq;
    }

    /**
     * Hands whole lines to {@code visitor} until about {@code maxBytes} have been read (at least one line when
     * there is one), the visitor says stop, or no whole line remains.
     *
     * @return false when the cursor reached the end of the whole lines (nothing more to read for now)
     */
    public boolean read(int maxBytes, LineVisitor visitor) throws IOException {
        long consumed = 0;
        while (consumed < maxBytes) {
            int newline = indexOfNewline();
            if (newline < 0) {
                if (!fill()) {
                    return false;
                }
                continue;
            }
            int length = newline - start;
            int lineStart = start;
            start = newline + 1;
            position += length + 1;
            consumed += length + 1;
            if (header.parse(buffer, lineStart, length) && header.seq > skipThrough) {
                if (!visitor.visit(header.seq, header.type, buffer, lineStart, length)) {
                    return true;
                }
            }
        }
        return true;
    }

    /** Convenience over {@link #read}: the next lines (about {@code maxBytes} of them) as strings. */
    public List<StoredLine> readLines(int maxBytes) throws IOException {
        List<StoredLine> lines = new ArrayList<>();
        read(maxBytes, (seq, type, bytes, offset, length) -> lines
                .add(new StoredLine(seq, type, new String(bytes, offset, length, StandardCharsets.UTF_8))));
        return lines;
    }

    /**
     * The offset of the first whole line whose {@code seq} is above {@code seq}, or of the end of the whole lines
     * when there is none. Moves the cursor there.
     */
    public long offsetAfterSeq(long seq) throws IOException {
        seekAfterSeq(seq);
        long[] found = { -1 };
        long[] lineEnd = { 0 };
        while (found[0] < 0) {
            long before = position;
            boolean more = read(CHUNK, (s, t, b, o, l) -> {
                found[0] = 0;
                lineEnd[0] = l + 1L;
                return false;
            });
            if (found[0] >= 0) {
                seek(position - lineEnd[0]);
                return position;
            }
            if (!more) {
                return position;
            }
            if (position == before) {
                return position;
            }
        }
        return position;
    }

    private int indexOfNewline() {
        for (int i = start; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more of the file after the buffered bytes; false at the end of the file. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            if (buffer.length >= lineBudget) {
                throw new LineTooLongException(file, position, lineBudget);
            }
            byte[] bigger = new byte[(int) Math.min(Math.min((long) buffer.length * 2, lineBudget + 1), Integer.MAX_VALUE - 8)];
            System.arraycopy(buffer, 0, bigger, 0, end);
            buffer = bigger;
        }
        int read = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end), position + end);
        if (read <= 0) {
            return false;
        }
        end += read;
        if (buffer.length > CHUNK && end - start <= CHUNK / 2) {
            shrink();
        }
        return true;
    }

    /** After a long line, go back to one chunk of memory. */
    private void shrink() {
        byte[] small = new byte[CHUNK];
        System.arraycopy(buffer, start, small, 0, end - start);
        end -= start;
        start = 0;
        buffer = small;
    }

    /** The first line start at or after {@code from} and before {@code limit}, or -1. */
    private long nextLineStart(long from, long limit, ByteBuffer probe) throws IOException {
        long at = from - 1; // the line starts right after a \n at from-1 or later
        while (at < limit) {
            probe.clear();
            int read = channel.read(probe, at);
            if (read <= 0) {
                return -1;
            }
            for (int i = 0; i < read; i++) {
                if (probe.get(i) == '\n') {
                    long lineStart = at + i + 1;
                    return lineStart < limit ? lineStart : -1;
                }
            }
            at += read;
        }
        return -1;
    }

    private long seqAt(long lineStart, ByteBuffer probe) throws IOException {
        probe.clear().limit(64);
        int read = channel.read(probe, lineStart);
        return read <= 0 ? -1 : LineHeader.seqOf(probe.array(), 0, read);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
