package dev.zigd.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.zigd.event.ZigJson;

/**
 * Reads a stored line's {@code seq} and {@code type} off its bytes. zig and zigd write every line as
 * {@code {"seq":N,"ts":"…","zig_session_id":"…","type":"…",…}}: that prefix is read directly (no JSON parse of the
 * event's content, which is what makes reads run at disk speed); any other shape falls back to a streaming JSON
 * parse of the whole line. Not thread-safe: one per reader.
 */
final class LineHeader {
    private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE_KEY = ",\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    /** The type key comes after ts and the session id: well within this many bytes of the line's start. */
    private static final int TYPE_WINDOW = 256;
    private static final String[] KNOWN_TYPES = { "zig_session_started", "tier_started", "step_started",
            "step_output", "step_completed", "step_failed", "step_skipped", "heartbeat", "zig_session_ended" };

    long seq;
    String type;

    /** True when the line is an event object with a {@code seq} and a {@code type}; then both fields are set. */
    boolean parse(byte[] bytes, int offset, int length) {
        if (fast(bytes, offset, length)) {
            return true;
        }
        return slow(bytes, offset, length);
    }

    /** Only the {@code seq}, from the prefix alone; -1 when the line does not start with it. For bisection. */
    static long seqOf(byte[] bytes, int offset, int length) {
        if (!startsWith(bytes, offset, length, SEQ_PREFIX)) {
            return -1;
        }
        long value = 0;
        int i = offset + SEQ_PREFIX.length;
        int end = offset + length;
        int digits = 0;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9' && digits < 18) {
            value = value * 10 + (bytes[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 || i >= end || bytes[i] != ',' ? -1 : value;
    }

    private boolean fast(byte[] bytes, int offset, int length) {
        if (length < 2 || bytes[offset + length - 1] != '}') {
            return false;
        }
        long value = seqOf(bytes, offset, length);
        if (value < 0) {
            return false;
        }
        int end = offset + Math.min(length, TYPE_WINDOW);
        int key = indexOf(bytes, offset + SEQ_PREFIX.length, end, TYPE_KEY);
        if (key < 0) {
            return false;
        }
        int start = key + TYPE_KEY.length;
        int close = start;
        int lineEnd = offset + length;
        while (close < lineEnd && bytes[close] != '"' && bytes[close] != '\\') {
            close++;
        }
        if (close >= lineEnd || bytes[close] != '"') {
            return false;
        }
        seq = value;
        type = known(bytes, start, close - start);
        return true;
    }

    private boolean slow(byte[] bytes, int offset, int length) {
        long foundSeq = -1;
        String foundType = null;
        try (JsonParser parser = ZigJson.MAPPER.getFactory().createParser(bytes, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("seq") && value == JsonToken.VALUE_NUMBER_INT) {
                    foundSeq = parser.getLongValue();
                } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    foundType = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (foundSeq < 0 || foundType == null) {
            return false;
        }
        seq = foundSeq;
        type = foundType;
        return true;
    }

    /** The shared constant for a known type name (no String per line), else a new one. */
    private static String known(byte[] bytes, int offset, int length) {
        for (String candidate : KNOWN_TYPES) {
            if (candidate.length() == length && startsWith(bytes, offset, length, candidate)) {
                return candidate;
            }
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] bytes, int offset, int length, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[offset + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
