package dev.zigd.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.zigd.event.ZigJson;

/**
 * Reads a session log back: every whole line in file order, with its {@code seq} and {@code type} read off
 * and the line itself kept byte for byte. A torn last line (no {@code \n} yet) is not an event and is skipped;
 * so is a line that does not parse.
 */
public final class LogReader {

    /** A stored line as written, with the two fields readers filter on. */
    public record StoredLine(long seq, String type, String json) {
    }

    private LogReader() {
    }

    /**
     * Blocking. The lines that pass {@code filter}, in file order, all in memory: for small logs and tests only;
     * anything that may meet a big log reads through a {@link LogCursor} instead.
     */
    public static List<StoredLine> read(Path file, Predicate<StoredLine> filter) throws IOException {
        List<StoredLine> out = new ArrayList<>();
        try (LogCursor cursor = LogCursor.open(file)) {
            boolean more = true;
            while (more) {
                more = cursor.read(LogCursor.CHUNK, (seq, type, bytes, offset, length) -> {
                    StoredLine line = new StoredLine(seq, type, new String(bytes, offset, length, StandardCharsets.UTF_8));
                    if (filter.test(line)) {
                        out.add(line);
                    }
                    return true;
                });
            }
        }
        return out;
    }

    /** The line's {@code seq} and {@code type}, or null when it is not a whole event object. */
    public static StoredLine parse(String line) {
        long seq = -1;
        String type = null;
        try (JsonParser parser = ZigJson.MAPPER.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
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
        } catch (IOException e) {
            return null;
        }
        return seq < 0 || type == null ? null : new StoredLine(seq, type, line);
    }
}
