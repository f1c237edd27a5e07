package dev.zigd.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every route (REST, WebSocket upgrades, SSE, metrics):
 * <ol>
 * <li>a request whose {@code Origin} is not the daemon's own is refused with 403, on every transport, so a web
 * page in the user's browser cannot drive the daemon;</li>
 * <li>on TCP, {@code /api/**} and {@code /q/**} need {@code Authorization: Bearer <token>} (WebSocket and SSE
 * requests may pass {@code ?token=}); {@code GET /api/v1/health} needs none. The Unix socket needs no token;</li>
 * <li>a body announced larger than {@code zigd.max-body-size} is refused with 413 before it is read.</li>
 * </ol>
 */
@Singleton
public class AccessFilter {
    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    /** Before every other route, including the body handler. */
    static final int ORDER = -1_000_000;

    private final TokenStore tokens;
    private final long maxBodyBytes;

    public AccessFilter(TokenStore tokens, ZigdConfig config) {
        this.tokens = tokens;
        this.maxBodyBytes = config.maxBodySize().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void warnIfExposed(@Observes StartupEvent event, @ConfigProperty(name = "quarkus.http.host") String host) {
        if (!LOOPBACK_NAMES.contains(host) && !host.startsWith("127.")) {
            LOG.warnf("quarkus.http.host=%s is not a loopback address: the API is reachable from the network"
                    + " (a token is still required)", host);
        }
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        boolean unixSocket = request.localAddress() != null && request.localAddress().isDomainSocket();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !isOwnOrigin(origin, request, unixSocket)) {
            refuse(rc, ErrorCode.FORBIDDEN, "requests from origin " + origin + " are not allowed");
            return;
        }
        if (!unixSocket && needsToken(request) && !tokens.matches(presentedToken(request))) {
            String problem = request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getParam("token") == null
                    ? "missing bearer token: send 'Authorization: Bearer <token>' (the token is in ~/.zig/zigd.token)"
                    : "wrong bearer token";
            refuse(rc, ErrorCode.UNAUTHORIZED, problem);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > maxBodyBytes) {
            refuse(rc, ErrorCode.TOO_LARGE, "request body of " + length
                    + " bytes is over the limit of " + maxBodyBytes + " bytes (zigd.max-body-size)");
            return;
        }
        rc.next();
    }

    private static boolean needsToken(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/api/v1/health") && request.method().name().equals("GET")) {
            return false;
        }
        return path.startsWith("/api/") || path.startsWith("/q/");
    }

    /** The bearer token; WebSocket and SSE requests may pass it as {@code ?token=} (browsers cannot set headers). */
    private static String presentedToken(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        }
        if (isStream(request)) {
            return request.getParam("token");
        }
        return null;
    }

    private static boolean isStream(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return (upgrade != null && upgrade.equalsIgnoreCase("websocket"))
                || (accept != null && accept.contains("text/event-stream"));
    }

    /** The daemon's own origin is {@code http://127.0.0.1:<port>} (or localhost) on the port this request came in on. */
    private static boolean isOwnOrigin(String origin, HttpServerRequest request, boolean unixSocket) {
        try {
            URI uri = new URI(origin);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return false;
            }
            if (!LOOPBACK_NAMES.contains(uri.getHost())) {
                return false;
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            return unixSocket || port == request.localAddress().port();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static void refuse(RoutingContext rc, ErrorCode code, String message) {
        rc.response().setStatusCode(code.status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(ErrorBody.json(code, message));
    }
}
