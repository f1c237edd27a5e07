package dev.zigd.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

import dev.zigd.log.LineVisitor;
import dev.zigd.log.LogCursor;
import dev.zigd.log.ReverseLogCursor;

import io.vertx.core.buffer.Buffer;

/**
 * The body of {@code GET /api/v1/sessions/{sel}}, produced chunk by chunk from the log: the head (the index entry's
 * fields and {@code "events":[}), the stored lines that pass the filters joined by commas, then the tail. Each
 * {@link #next()} returns about {@link #PIECE} bytes (256 KiB), so a read of any size holds one piece.
 * Blocking (file reads): called on a worker thread, one call at a time.
 */
final class EventPages implements Closeable {
    /** About how many bytes one piece of the body holds: fewer hops between the worker and the event loop. */
    static final int PIECE = 4 * LogCursor.CHUNK;
    /** How much of the file one piece may scan when the filters let little through. */
    private static final int SCAN_PER_PIECE = 16 * LogCursor.CHUNK;

    private final Path log;
    private final ReadQuery query;
    private final byte[] head;
    private LogCursor cursor;
    /** How many lines to emit: {@code limit} or {@code last}; unbounded otherwise. */
    private long remaining;
    private long lastEmittedSeq = -1;
    private long firstEmittedSeq = -1;
    private boolean earlierExists;
    private boolean moreExists;
    private boolean emittedAny;
    private boolean headSent;
    private boolean done;

    EventPages(Path log, ReadQuery query, String entryJson) {
        this.log = log;
        this.query = query;
        this.head = (entryJson.substring(0, entryJson.length() - 1) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
    }

    /** Opens the log and finds where to start; an error here is still an error status for the client. */
    void open() throws IOException {
        try {
            cursor = LogCursor.open(log);
        } catch (NoSuchFileException e) {
            done = true; // a session whose log is gone reads as no events, as before
            return;
        }
        remaining = query.limit() != null ? query.limit() : Long.MAX_VALUE;
        if (query.last() != null) {
            startAtLast();
        } else if (query.after() != null) {
            cursor.seekAfterSeq(query.after());
        }
    }

    /** {@code last=N}: walk back over N matching lines, then read them forward from there. */
    private void startAtLast() throws IOException {
        long end = query.before() == null ? Long.MAX_VALUE : cursor.offsetAfterSeq(query.before() - 1);
        long wanted = query.last();
        remaining = wanted;
        long[] found = { 0 };
        boolean[] stop = { false };
        try (ReverseLogCursor back = ReverseLogCursor.open(log, end)) {
            long start = back.position();
            while (found[0] < wanted && !stop[0] && back.previous((seq, type, b, o, l) -> {
                if (query.after() != null && seq <= query.after()) {
                    stop[0] = true;
                } else if (query.matchesType(type)) {
                    found[0]++;
                }
                return true;
            })) {
                if (!stop[0]) {
                    start = back.position();
                }
            }
            if (found[0] == wanted && !stop[0]) {
                boolean[] earlier = { false };
                while (!earlier[0] && !stop[0] && back.previous((seq, type, b, o, l) -> {
                    if (query.after() != null && seq <= query.after()) {
                        stop[0] = true;
                    } else if (query.matchesType(type)) {
                        earlier[0] = true;
                    }
                    return true;
                })) {
                    // looking for one more matching line before the page
                }
                earlierExists = earlier[0];
            }
            cursor.seek(start);
        }
    }

    /** The next piece of the body, or null once the whole body was returned. */
    Buffer next() throws IOException {
        if (!headSent) {
            headSent = true;
            Buffer first = Buffer.buffer(head.length + PIECE + 256).appendBytes(head);
            if (!done) {
                fill(first);
            }
            return done ? first.appendBytes(tail()) : first;
        }
        if (done) {
            return null;
        }
        Buffer chunk = Buffer.buffer(PIECE + 256);
        fill(chunk);
        if (done) {
            chunk.appendBytes(tail());
        }
        return chunk;
    }

    private void fill(Buffer out) throws IOException {
        int scanned = 0;
        long before = cursor.position();
        while (!done && out.length() < PIECE && scanned < SCAN_PER_PIECE) {
            boolean more = cursor.read(LogCursor.CHUNK, emitter(out));
            scanned += (int) Math.min(Integer.MAX_VALUE, cursor.position() - before);
            before = cursor.position();
            if (!more) {
                done = true;
            }
        }
    }

    private LineVisitor emitter(Buffer out) {
        return (seq, type, bytes, offset, length) -> {
            if (query.before() != null && seq >= query.before()) {
                done = true;
                return false;
            }
            if (!query.matchesType(type) || (query.after() != null && seq <= query.after())) {
                return true;
            }
            if (remaining == 0) {
                moreExists = true;
                done = true;
                return false;
            }
            if (emittedAny) {
                out.appendByte((byte) ',');
            } else {
                firstEmittedSeq = seq;
            }
            emittedAny = true;
            out.appendBytes(bytes, offset, length);
            lastEmittedSeq = seq;
            remaining--;
            if (remaining == 0 && query.last() != null) {
                done = true;
                return false;
            }
            return out.length() < PIECE;
        };
    }

    private byte[] tail() {
        StringBuilder tail = new StringBuilder("]");
        if (query.limit() != null) {
            tail.append(",\"next_after_seq\":").append(moreExists ? Long.toString(lastEmittedSeq) : "null");
        }
        if (query.last() != null) {
            tail.append(",\"next_before_seq\":").append(earlierExists && emittedAny ? Long.toString(firstEmittedSeq) : "null");
        }
        return tail.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (IOException e) {
                // a read-only handle: nothing is lost
            }
        }
    }

    /** The query parameters of a read, checked. {@code types} null means all. */
    record ReadQuery(Long after, Long before, Set<String> types, Long last, Long limit) {
        boolean matchesType(String type) {
            return types == null || types.contains(type);
        }
    }
}
