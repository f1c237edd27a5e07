package dev.zigd.transport;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;

/**
 * DNS rebinding: a web page on {@code evil.example} whose name is made to resolve to 127.0.0.1 reaches the daemon
 * from the user's browser as a same-origin request, without an {@code Origin} header. Its {@code Host} still
 * says {@code evil.example}. On TCP only the loopback names are answered.
 */
final class HostCheck {
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    private HostCheck() {
    }

    /** Null when the request names a loopback host ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}, any port). */
    static String whyRefused(HttpServerRequest request) {
        List<String> hosts = request.headers().getAll("Host");
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        String raw = hosts.isEmpty() ? authority(request) : hosts.get(0).strip();
        if (raw == null || raw.isEmpty()) {
            return "no Host header: send 'Host: 127.0.0.1:<port>'";
        }
        if (!isLoopback(raw)) {
            return "Host '" + raw + "' is not allowed: zigd answers only to 127.0.0.1, localhost or [::1]"
                    + " (a page that made its own name resolve to this machine must not reach the daemon)";
        }
        return null;
    }

    static boolean isLoopback(String hostAndPort) {
        String host = hostAndPort;
        int colon = hostAndPort.lastIndexOf(':');
        int bracket = hostAndPort.lastIndexOf(']');
        if (colon > bracket && (bracket >= 0 || hostAndPort.indexOf(':') == colon)) {
            String port = hostAndPort.substring(colon + 1);
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
                return false;
            }
            host = hostAndPort.substring(0, colon);
        }
        return LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }

    /** HTTP/2 carries the host in {@code :authority}, not in a Host header. */
    private static String authority(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return null;
        }
        String host = authority.host();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return authority.port() >= 0 ? host + ":" + authority.port() : host;
    }
}
