package dev.zigd.transport;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs before every route (REST, WebSocket upgrades, SSE, metrics, static files), on every protocol (HTTP/1.1
 * and HTTP/2), in this order:
 * <ol>
 * <li>on TCP, a {@code Host} other than {@code 127.0.0.1}, {@code localhost} or {@code [::1]} (any port) is
 * refused with 403 (DNS rebinding), health included;</li>
 * <li>a request target not in normal form ({@code //api}, {@code /./api}, {@code /x/../api}, {@code %2e},
 * {@code ;}, …) is refused with 400 (see {@link RequestPaths}), so the rule below sees the path the router
 * matches;</li>
 * <li>a request whose {@code Origin} is not the daemon's own is refused with 403, on every transport, so a web
 * page in the user's browser cannot drive the daemon;</li>
 * <li>on TCP, {@code /api/**} and {@code /q/**} need {@code Authorization: Bearer <token>}; the stream routes
 * (decided by path and method) may pass {@code ?token=} instead; {@code GET /api/v1/health} needs none. The
 * Unix socket needs no token;</li>
 * <li>a body announced larger than {@code zigd.max-body-size} is refused with 413 before it is read (a chunked
 * body is cut at the same limit by the HTTP layer, see application.properties).</li>
 * </ol>
 */
@Singleton
public class AccessFilter {
    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
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
        if (!HostCheck.isLoopback(host) && !host.equals("::1") && !host.startsWith("127.")) {
            LOG.warnf("quarkus.http.host=%s is not a loopback address: the API is reachable from the network"
                    + " (a token is still required)", host);
        }
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        boolean unixSocket = request.localAddress() != null && request.localAddress().isDomainSocket();
        String hostProblem = unixSocket ? null : HostCheck.whyRefused(request);
        if (hostProblem != null) {
            refuse(rc, ErrorCode.FORBIDDEN, hostProblem);
            return;
        }
        String uri = request.uri();
        String path = request.path();
        String pathProblem = uri.startsWith("/") ? RequestPaths.whyNotNormal(path) : "is not an origin-form path";
        if (pathProblem != null) {
            refuse(rc, ErrorCode.BAD_REQUEST, "request path " + printable(path) + " " + pathProblem
                    + "; send the path in normal form");
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !OwnOrigin.matches(origin, request, unixSocket)) {
            refuse(rc, ErrorCode.FORBIDDEN, "requests from origin " + origin + " are not allowed");
            return;
        }
        if (!unixSocket) {
            String tokenProblem = tokenProblem(request, path);
            if (tokenProblem != null) {
                refuse(rc, ErrorCode.UNAUTHORIZED, tokenProblem);
                return;
            }
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > maxBodyBytes) {
            refuse(rc, ErrorCode.TOO_LARGE, "request body of " + length
                    + " bytes is over the limit of " + maxBodyBytes + " bytes (zigd.max-body-size)");
            return;
        }
        if (length == null && mayHaveBody(request)) {
            readUnannouncedBody(rc);
            return;
        }
        rc.next();
    }

    private static boolean mayHaveBody(HttpServerRequest request) {
        String method = request.method().name();
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")
                && !request.isEnded();
    }

    /**
     * A body whose size is not announced (chunked, or HTTP/2 without {@code content-length}) is read here, counted
     * as it comes, and refused with 413 the moment it passes the limit: nothing of it reaches a handler. Once
     * whole, it is handed on as the request's body (the REST layer reads it from there).
     */
    private void readUnannouncedBody(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = { false };
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBodyBytes) {
                refused[0] = true;
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                refuse(rc, ErrorCode.TOO_LARGE, "request body is over the limit of " + maxBodyBytes
                        + " bytes (zigd.max-body-size)");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!refused[0]) {
                rc.setBody(body);
                rc.next();
            }
        });
        request.resume();
    }

    /** Null when the TCP request may pass; else the 401 message. {@code path} is in normal form. */
    private String tokenProblem(HttpServerRequest request, String path) {
        String method = request.method().name();
        if (!RequestPaths.isProtected(path) || RequestPaths.isPublic(method, path)) {
            return null;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String queryToken = request.getParam("token");
        if (header != null) {
            boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
            if (bearer && tokens.matches(header.substring(7).strip())) {
                return null;
            }
            return bearer ? "wrong bearer token (" + tokens.whereToFindIt() + ")"
                    : "the Authorization header must be 'Bearer <token>' (" + tokens.whereToFindIt() + ")";
        }
        if (queryToken == null) {
            return "missing bearer token: send 'Authorization: Bearer <token>' (" + tokens.whereToFindIt() + ")";
        }
        if (!RequestPaths.isStreamRoute(method, path)) {
            return "the query token (?token=) is only accepted on the stream routes (WebSocket and SSE);"
                    + " send 'Authorization: Bearer <token>' instead";
        }
        return tokens.matches(queryToken) ? null : "wrong token in ?token= (" + tokens.whereToFindIt() + ")";
    }

    /** The path as it can be quoted in a message: non-printable characters escaped, at most 200 characters. */
    private static String printable(String path) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < path.length() && i < 200; i++) {
            char c = path.charAt(i);
            out.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c & 0xff) : String.valueOf(c));
        }
        return out.append(path.length() > 200 ? "…'" : "'").toString();
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
