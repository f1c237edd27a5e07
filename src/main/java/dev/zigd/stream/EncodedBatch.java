package dev.zigd.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zigd.log.WrittenEvent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;

/**
 * Lines of one session on their way to subscribers: a written batch, or a chunk of a replay. Each line is encoded
 * once (its UTF-8 bytes, then each wire form on first use), and every subscriber is handed the same bytes: the
 * WebSocket frames are one direct buffer that subscribers share through reference-counted slices, so neither
 * the CPU nor the memory cost grows with the number of subscribers; those shared bytes are counted once in the
 * hub's total while any write of them is unfinished. Encodings are made by whoever fans it out (the hub thread,
 * or a replay); {@link #release()} once every subscriber had its turn.
 */
final class EncodedBatch {
    private static final ByteBufAllocator ALLOCATOR = VertxByteBufAllocator.POOLED_ALLOCATOR;
    /** Largest WebSocket frame header of a server frame (no mask). */
    static final int FRAME_OVERHEAD = 10;

    private final String sessionId;
    private final long[] seqs;
    private final String[] types;
    private final byte[][] lines;
    /** The writer's events (for subscribers that filter on their fields); null for a replay chunk. */
    private final List<WrittenEvent> events;

    /** Where the shared frames' bytes are counted while anyone holds them (null: not counted). */
    private final EventHub account;
    /** The fan-out itself, plus every write not finished yet. */
    private final AtomicInteger holders = new AtomicInteger(1);
    private volatile long sharedBytes;

    private ByteBuf frames;
    private ByteBuf allLinesFrame;
    private int[] frameStarts;
    private byte[] sse;
    private int[] sseStarts;

    private EncodedBatch(EventHub account, String sessionId, long[] seqs, String[] types, byte[][] lines,
            List<WrittenEvent> events) {
        this.account = account;
        this.sessionId = sessionId;
        this.seqs = seqs;
        this.types = types;
        this.lines = lines;
        this.events = events;
    }

    static EncodedBatch of(EventHub account, List<WrittenEvent> batch) {
        int n = batch.size();
        long[] seqs = new long[n];
        String[] types = new String[n];
        byte[][] lines = new byte[n][];
        for (int i = 0; i < n; i++) {
            WrittenEvent event = batch.get(i);
            seqs[i] = event.seq();
            types[i] = event.type();
            lines[i] = event.line().getBytes(StandardCharsets.UTF_8);
        }
        return new EncodedBatch(account, batch.get(0).sessionId(), seqs, types, lines, batch);
    }

    /** The event lines of a replay chunk. */
    static EncodedBatch ofStored(EventHub account, String sessionId, List<Replay.ReplayedLine> events) {
        int n = events.size();
        long[] seqs = new long[n];
        String[] types = new String[n];
        byte[][] lines = new byte[n][];
        for (int i = 0; i < n; i++) {
            seqs[i] = events.get(i).seq();
            types[i] = events.get(i).type();
            lines[i] = events.get(i).bytes();
        }
        return new EncodedBatch(account, sessionId, seqs, types, lines, null);
    }

    String sessionId() {
        return sessionId;
    }

    int size() {
        return seqs.length;
    }

    long seq(int i) {
        return seqs[i];
    }

    String type(int i) {
        return types[i];
    }

    int lineLength(int i) {
        return lines[i].length;
    }

    boolean endsSession(int i) {
        return types[i].equals("zig_session_ended");
    }

    /** The writer's event (null in a replay chunk). */
    WrittenEvent event(int i) {
        return events == null ? null : events.get(i);
    }

    long lastSeq() {
        return seqs.length == 0 ? 0 : seqs[seqs.length - 1];
    }

    /** One text frame per picked line, as one buffer of shared slices (the caller's reference). */
    ByteBuf webSocketFrames(int[] picked, int count) {
        if (frames == null) {
            encodeFrames();
        }
        if (count == seqs.length) {
            return frames.retainedDuplicate();
        }
        CompositeByteBuf out = ALLOCATOR.compositeDirectBuffer(Math.max(2, count));
        int i = 0;
        while (i < count) {
            // Consecutive picked lines are consecutive bytes: one slice for the run.
            int runStart = picked[i];
            int runEnd = runStart;
            while (i + 1 < count && picked[i + 1] == runEnd + 1) {
                runEnd++;
                i++;
            }
            i++;
            int from = frameStarts[runStart];
            int to = frameStarts[runEnd + 1];
            out.addComponent(true, frames.retainedSlice(from, to - from));
        }
        return out;
    }

    /**
     * One text frame holding every picked line, separated by {@code \n} (the caller's reference); shared when
     * every line is picked.
     */
    ByteBuf linesFrame(int[] picked, int count) {
        if (count == seqs.length) {
            if (allLinesFrame == null) {
                allLinesFrame = newLinesFrame(picked, count);
                countShared(allLinesFrame.capacity());
            }
            return allLinesFrame.retainedDuplicate();
        }
        return newLinesFrame(picked, count);
    }

    private ByteBuf newLinesFrame(int[] picked, int count) {
        long payload = count - 1L;
        for (int i = 0; i < count; i++) {
            payload += lines[picked[i]].length;
        }
        ByteBuf out = ALLOCATOR.directBuffer((int) (payload + FRAME_OVERHEAD));
        writeFrameHeader(out, payload);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.writeByte('\n');
            }
            out.writeBytes(lines[picked[i]]);
        }
        return out;
    }

    /** Server-Sent Events ({@code id: <seq>}, {@code data: <line>}) of the picked lines, as one buffer. */
    ByteBuf serverSentEvents(int[] picked, int count) {
        if (sse == null) {
            encodeServerSentEvents();
        }
        if (count == seqs.length) {
            return Unpooled.wrappedBuffer(sse);
        }
        int size = 0;
        for (int i = 0; i < count; i++) {
            size += sseStarts[picked[i] + 1] - sseStarts[picked[i]];
        }
        byte[] out = new byte[size];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int from = sseStarts[picked[i]];
            int length = sseStarts[picked[i] + 1] - from;
            System.arraycopy(sse, from, out, at, length);
            at += length;
        }
        return Unpooled.wrappedBuffer(out);
    }

    /** A write of (part of) this batch begins: its shared bytes stay counted until {@link #unhold()}. */
    void hold() {
        holders.incrementAndGet();
    }

    /** A write ended (or the fan-out did): the last one uncounts the shared bytes. */
    void unhold() {
        if (holders.decrementAndGet() == 0 && account != null && sharedBytes > 0) {
            account.held(-sharedBytes);
        }
    }

    /** The fan-out is over: gives the shared frames back (the slices handed out keep them alive until written). */
    void release() {
        if (frames != null) {
            frames.release();
            frames = null;
        }
        if (allLinesFrame != null) {
            allLinesFrame.release();
            allLinesFrame = null;
        }
        unhold();
    }

    private void encodeFrames() {
        frameStarts = new int[seqs.length + 1];
        long size = 0;
        for (byte[] line : lines) {
            size += line.length + FRAME_OVERHEAD;
        }
        frames = ALLOCATOR.directBuffer((int) Math.min(size, Integer.MAX_VALUE));
        for (int i = 0; i < lines.length; i++) {
            frameStarts[i] = frames.writerIndex();
            writeFrameHeader(frames, lines[i].length);
            frames.writeBytes(lines[i]);
        }
        frameStarts[lines.length] = frames.writerIndex();
        countShared(frames.capacity());
    }

    /** Fan-out thread only (the fan-out holds the batch then, so the uncount comes later). */
    private void countShared(long bytes) {
        sharedBytes += bytes;
        if (account != null) {
            account.held(bytes);
        }
    }

    private void encodeServerSentEvents() {
        sseStarts = new int[seqs.length + 1];
        byte[][] heads = new byte[seqs.length][];
        int size = 0;
        for (int i = 0; i < seqs.length; i++) {
            heads[i] = ("id: " + seqs[i] + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
            size += heads[i].length + lines[i].length + 2;
        }
        sse = new byte[size];
        int at = 0;
        for (int i = 0; i < seqs.length; i++) {
            sseStarts[i] = at;
            System.arraycopy(heads[i], 0, sse, at, heads[i].length);
            at += heads[i].length;
            System.arraycopy(lines[i], 0, sse, at, lines[i].length);
            at += lines[i].length;
            sse[at++] = '\n';
            sse[at++] = '\n';
        }
        sseStarts[seqs.length] = at;
    }

    /** RFC 6455 §5.2: FIN, text; a server frame is not masked. */
    private static void writeFrameHeader(ByteBuf out, long payload) {
        out.writeByte(0x81);
        if (payload < 126) {
            out.writeByte((int) payload);
        } else if (payload < 65536) {
            out.writeByte(126);
            out.writeShort((int) payload);
        } else {
            out.writeByte(127);
            out.writeLong(payload);
        }
    }
}
