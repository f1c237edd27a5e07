package dev.zigd.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.zigd.event.ZigJson;

/**
 * A position in a session log, read forward in bounded chunks of whole lines. Holds no file handle between
 * chunks (each {@link #next} opens, reads and closes), so a reader that pauses between chunks (a slow stream
 * subscriber) costs this object and nothing else. Memory per chunk is about {@code maxBytes}, or one line when
 * a single line is longer. A torn last line (no {@code \n} yet) is not returned: the cursor stays before it.
 */
public final class LogCursor {

    /**
     * One whole line as stored, without its {@code \n}: {@code bytes} byte for byte; {@code seq} and {@code type}
     * read off it ({@code -1} and null for a line that is not an event object).
     */
    public record RawLine(long seq, String type, byte[] bytes) {
        public boolean isEvent() {
            return seq >= 0 && type != null;
        }
    }

    private final Path file;
    private long position;

    public LogCursor(Path file, long position) {
        this.file = file;
        this.position = position;
    }

    /** Byte offset of the next line to read. */
    public long position() {
        return position;
    }

    /**
     * Blocking (a short read): the whole lines from the position on, about {@code maxBytes} of them (at least one
     * line when there is one, however long); advances past them. Empty at the end of the file, or when the file
     * does not exist (yet).
     */
    public List<RawLine> next(int maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (position >= size) {
                return List.of();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(maxBytes, size - position));
            List<RawLine> lines = new ArrayList<>();
            while (lines.isEmpty()) {
                fill(channel, buffer, position);
                int start = 0;
                byte[] bytes = buffer.array();
                for (int i = 0; i < buffer.position(); i++) {
                    if (bytes[i] == '\n') {
                        lines.add(parse(bytes, start, i - start));
                        start = i + 1;
                    }
                }
                if (lines.isEmpty()) {
                    // No whole line in the buffer: one longer line, or a torn tail.
                    if (buffer.position() < buffer.capacity() || position + buffer.capacity() >= size) {
                        return List.of();
                    }
                    long grown = Math.min((long) buffer.capacity() * 2, size - position);
                    if (grown > Integer.MAX_VALUE - 16) {
                        throw new IOException("line at offset " + position + " of " + file + " is longer than 2 GiB");
                    }
                    buffer = ByteBuffer.allocate((int) grown);
                    continue;
                }
                position += start;
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static void fill(FileChannel channel, ByteBuffer buffer, long from) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                break;
            }
        }
    }

    /** The line with its {@code seq} and {@code type} read off; both unset when it is not a whole event object. */
    static RawLine parse(byte[] bytes, int offset, int length) {
        byte[] line = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        long seq = -1;
        String type = null;
        try (JsonParser parser = ZigJson.MAPPER.getFactory().createParser(line)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("seq") && value == JsonToken.VALUE_NUMBER_INT) {
                        seq = parser.getLongValue();
                    } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                        type = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            return new RawLine(-1, null, line);
        }
        return new RawLine(seq, type, line);
    }
}
