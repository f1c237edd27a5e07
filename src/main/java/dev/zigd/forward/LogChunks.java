package dev.zigd.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.zigd.event.ZigJson;

/**
 * Reads whole lines of a session log from a byte offset: the forwarder's way to the events, so that it holds
 * none of them in memory between rounds. A line without its {@code \n} yet (being written, or torn) is left for
 * later.
 */
final class LogChunks {
    private static final int READ_BYTES = 1 << 20;
    private static final int MAX_LINE_BYTES = 64 << 20;
    /** A chunk stops after the line that reaches this many bytes, so a batch of large events stays bounded. */
    static final long MAX_CHUNK_BYTES = 8 << 20;

    /** Lines after {@code afterSeq}; {@code endOffset} is past the last whole line looked at; more may follow. */
    record Chunk(List<StoredLine> lines, long endOffset, boolean more) {
    }

    private LogChunks() {
    }

    static Chunk read(Path file, long offset, long afterSeq, int maxLines) throws IOException {
        List<StoredLine> lines = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = offset;
            long lastSeq = afterSeq;
            int bufferSize = READ_BYTES;
            long bytesKept = 0;
            while (position < size && lines.size() < maxLines && bytesKept < MAX_CHUNK_BYTES) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(bufferSize, size - position));
                while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
                    // fill
                }
                byte[] bytes = buffer.array();
                int filled = buffer.position();
                int start = 0;
                boolean whole = false;
                for (int i = 0; i < filled && lines.size() < maxLines && bytesKept < MAX_CHUNK_BYTES; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    whole = true;
                    if (i > start) {
                        byte[] line = Arrays.copyOfRange(bytes, start, i);
                        long[] seq = {lastSeq + 1};
                        String type = seqAndType(line, seq);
                        if (seq[0] > afterSeq) {
                            lines.add(new StoredLine(seq[0], type, line, position + i + 1));
                            lastSeq = seq[0];
                            bytesKept += line.length;
                        }
                    }
                    start = i + 1;
                }
                if (!whole) {
                    if (filled < bufferSize || bufferSize >= MAX_LINE_BYTES) {
                        break; // an unfinished last line
                    }
                    bufferSize *= 2;
                    continue;
                }
                position += start;
                offset = position;
            }
            return new Chunk(lines, offset, offset < size);
        }
    }

    /** The line's {@code type}; its {@code seq} into {@code seq[0]} (left as the guess when it has none). */
    private static String seqAndType(byte[] line, long[] seq) {
        String type = "unknown";
        try (JsonParser parser = ZigJson.MAPPER.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return type;
            }
            boolean seenSeq = false;
            boolean seenType = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME && !(seenSeq && seenType)) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("seq") && value == JsonToken.VALUE_NUMBER_INT) {
                    seq[0] = parser.getLongValue();
                    seenSeq = true;
                } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                    seenType = true;
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: forwarded as it is, numbered after the line before
        }
        return type;
    }
}
