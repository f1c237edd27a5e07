package dev.zigd.forward;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The names of things on the broker, a contract (docs/fleet.md "Subjects and messages"): events on
 * {@code zigd.events.<host>.<session>}, bucket keys {@code <host>.<id>}, message ids {@code <host>:<session>:<seq>}.
 * An id is used as is when it holds only {@code A-Z a-z 0-9 _ -} (zig's and zag's ids do); any other byte is
 * written as {@code =XX} (upper-case hex of its UTF-8 byte), so every id is one subject token and one key token.
 */
public final class Subjects {
    public static final String EVENTS = "zigd.events";
    /** Header holding the event's {@code seq}, so a consumer need not parse the body. */
    public static final String SEQ_HEADER = "Zigd-Seq";
    /** Header holding the event's {@code type}. */
    public static final String TYPE_HEADER = "Zigd-Type";

    private Subjects() {
    }

    /** {@code zigd.host-name}, checked; or the machine's host name made subject-safe. */
    public static String host(Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            String name = configured.get().strip();
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("zigd.host-name '" + name
                        + "' may hold only letters, digits, '_' and '-' (it is a subject token)");
            }
            return name;
        }
        String raw;
        try {
            raw = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            raw = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return safeHost(raw);
    }

    /** Lower case; every character outside {@code a-z 0-9 _ -} becomes {@code -}. */
    public static String safeHost(String raw) {
        String safe = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return safe.isEmpty() ? "unknown" : safe;
    }

    public static String token(String id) {
        StringBuilder out = null;
        for (int i = 0; i < id.length(); ) {
            int c = id.codePointAt(i);
            int next = i + Character.charCount(c);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                if (out != null) {
                    out.appendCodePoint(c);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(id.length() + 8).append(id, 0, i);
                }
                for (byte b : id.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
                    out.append('=').append(String.format("%02X", b & 0xff));
                }
            }
            i = next;
        }
        return out == null ? id : out.toString();
    }

    public static String untoken(String token) {
        if (token.indexOf('=') < 0) {
            return token;
        }
        byte[] bytes = new byte[token.length()];
        int n = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '=' && i + 2 < token.length()) {
                bytes[n++] = (byte) Integer.parseInt(token.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                bytes[n++] = (byte) c;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    public static String eventSubject(String host, String sessionId) {
        return EVENTS + "." + host + "." + token(sessionId);
    }

    /** The subject filter of one host's events ({@code *} for every host) and one session's ({@code *}: all). */
    public static String eventFilter(String hostOrNull, String sessionIdOrNull) {
        return EVENTS + "." + (hostOrNull == null ? "*" : hostOrNull) + "."
                + (sessionIdOrNull == null ? "*" : token(sessionIdOrNull));
    }

    public static String key(String host, String id) {
        return host + "." + token(id);
    }

    public static String messageId(String host, String sessionId, long seq) {
        return host + ":" + sessionId + ":" + seq;
    }
}
