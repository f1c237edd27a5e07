package dev.zigd.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which paths the access rule lets through, decided on the request target as sent. The router and the REST layer
 * normalize a path before they match it ({@code //api}, {@code /./api}, {@code /x/../api}, {@code /%61pi} and
 * {@code /api;x} all reach {@code /api}), so a check on the raw path alone could be side-stepped. Rather than
 * repeat every normalization, a path that is not already in normal form is refused outright: then the path the
 * rule sees is the path the router matches.
 */
final class RequestPaths {
    /** The routes that may take {@code ?token=}: a browser cannot set a header on a WebSocket or an EventSource. */
    private static final Pattern STREAM_ROUTES = Pattern.compile(
            "/api/v1/subscribe|/api/v1/processes/stream|/api/v1/sessions/[^/]+/(ingest|stream|events/stream)"
                    + "|/api/v1/fleet/subscribe|/api/v1/fleet/sessions/[^/]+/[^/]+/(stream|events/stream)");
    private static final String HEALTH = "/api/v1/health";

    private RequestPaths() {
    }

    /**
     * Null when {@code rawPath} is in normal form, else why not. Normal form: starts with {@code /}; no empty,
     * {@code .} or {@code ..} segment (a trailing {@code /} is allowed); only the characters of an RFC 3986
     * segment, without {@code ;} (matrix parameters) and {@code \}; percent-encoding only for what must be encoded
     * (never a letter, digit, {@code -._~}, {@code /}, {@code \}, {@code ;} or {@code %}) and only of valid UTF-8
     * (an overlong {@code %c0%af} is not a {@code /}).
     */
    static String whyNotNormal(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "does not start with '/'";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                String problem = badEncoding(rawPath, i);
                if (problem != null) {
                    return problem;
                }
            } else if (!isSegmentChar(c) && c != '/') {
                return c < 0x20 || c > 0x7e ? "holds a control or non-ASCII character (percent-encode it as UTF-8)"
                        : "holds '" + c + "'";
            }
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                return "holds an empty segment ('//')";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "holds a '" + segment + "' segment";
            }
        }
        return null;
    }

    /** On TCP these need the token: {@code /api}, {@code /q} and everything below them, in any letter case. */
    static boolean isProtected(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.equals("/api") || lower.startsWith("/api/") || lower.equals("/q") || lower.startsWith("/q/");
    }

    /** The one protected route open to everyone: {@code GET /api/v1/health}. */
    static boolean isPublic(String method, String path) {
        return method.equals("GET") && path.equals(HEALTH);
    }

    /** A WebSocket or SSE route, by its path and method only: never by headers the client chooses. */
    static boolean isStreamRoute(String method, String path) {
        return method.equals("GET") && STREAM_ROUTES.matcher(path).matches();
    }

    private static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
    }

    /** Checks the run of {@code %XX} starting at {@code at}: well-formed, needed, valid UTF-8. */
    private static String badEncoding(String path, int at) {
        if (isPercentRunContinuation(path, at)) {
            return null; // checked with the run it belongs to
        }
        int end = at;
        ByteBuffer bytes = ByteBuffer.allocate(path.length());
        while (end < path.length() && path.charAt(end) == '%') {
            if (end + 2 >= path.length() || hex(path.charAt(end + 1)) < 0 || hex(path.charAt(end + 2)) < 0) {
                return "holds a malformed percent-encoding";
            }
            int b = hex(path.charAt(end + 1)) * 16 + hex(path.charAt(end + 2));
            if (b < 0x80 && (b < 0x20 || b == 0x7f || isSegmentChar((char) b) || "/\\;%".indexOf(b) >= 0)) {
                return "percent-encodes '" + (b < 0x20 || b == 0x7f ? "\\x" + Integer.toHexString(b) : (char) b)
                        + "', which must be sent as is (or not at all)";
            }
            bytes.put((byte) b);
            end += 3;
        }
        bytes.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
        } catch (CharacterCodingException e) {
            return "percent-encodes bytes that are not valid UTF-8";
        }
        return null;
    }

    /** True when the {@code %} at {@code at} directly follows another {@code %XX}: part of an earlier run. */
    private static boolean isPercentRunContinuation(String path, int at) {
        return at >= 3 && path.charAt(at - 3) == '%';
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
