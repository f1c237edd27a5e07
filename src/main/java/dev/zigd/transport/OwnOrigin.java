package dev.zigd.transport;

import java.net.URI;
import java.net.URISyntaxException;

import io.vertx.core.http.HttpServerRequest;

/** The daemon's own origin is {@code http://127.0.0.1:<port>} (or localhost, [::1]) on the port the request came in on. */
final class OwnOrigin {
    private OwnOrigin() {
    }

    static boolean matches(String origin, HttpServerRequest request, boolean unixSocket) {
        try {
            URI uri = new URI(origin);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawPath() != null
                    && !uri.getRawPath().isEmpty()) {
                return false;
            }
            if (!HostCheck.isLoopback(uri.getHost())) {
                return false;
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            return unixSocket || port == request.localAddress().port();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
