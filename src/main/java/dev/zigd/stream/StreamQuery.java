package dev.zigd.stream;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query string of a WebSocket handshake, decoded (the first value of each name wins). */
public final class StreamQuery {
    private StreamQuery() {
    }

    public static Map<String, String> parse(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }

    /** A WebSocket close reason is at most 123 bytes of UTF-8. */
    public static String reason(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 123) {
            return message;
        }
        String cut = new String(bytes, 0, 120, StandardCharsets.UTF_8);
        // A cut inside a multi-byte character decodes to U+FFFD; drop it.
        return cut.replaceAll("\uFFFD+$", "") + "...";
    }
}
