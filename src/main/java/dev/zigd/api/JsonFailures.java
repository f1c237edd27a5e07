package dev.zigd.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The routes served outside the REST layer (session reads, SSE) fail with the contract's error document too, never
 * Quarkus's HTML error page: whatever a handler throws, including an {@link OutOfMemoryError} the JVM survives.
 */
@Singleton
public class JsonFailures {
    private static final Logger LOG = Logger.getLogger(JsonFailures.class);

    void install(@Observes Router router) {
        router.route().order(-1_000_001).failureHandler(this::fail);
    }

    private void fail(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        Throwable failure = rc.failure();
        if (failure instanceof ZigdException e) {
            SessionReadRoute.fail(rc.response(), e.code(), e.getMessage());
        } else if (failure instanceof OutOfMemoryError e) {
            LOG.error("out of memory serving " + rc.request().path() + ": " + e.getMessage());
            SessionReadRoute.fail(rc.response(), ErrorCode.UNAVAILABLE, "not enough memory to serve this request now");
        } else if (failure instanceof io.vertx.core.VertxException e && String.valueOf(e.getMessage()).contains("'Host' header")) {
            // Vert.x could not parse the Host header (a bare IPv6 address): the client's mistake, not ours.
            SessionReadRoute.fail(rc.response(), ErrorCode.BAD_REQUEST,
                    "the Host header cannot be parsed: send 'Host: 127.0.0.1:<port>'");
        } else if (failure != null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
            // Refused by the HTTP layer itself (an HTTP/1.x Host it cannot parse, such as a bare ::1): a client error.
            SessionReadRoute.fail(rc.response(), codeFor(rc.statusCode()), failure.getMessage());
        } else if (failure != null) {
            LOG.error("unexpected failure on " + rc.request().path(), failure);
            SessionReadRoute.fail(rc.response(), ErrorCode.INTERNAL, "internal error: " + failure);
        } else {
            int status = rc.statusCode() < 400 ? 500 : rc.statusCode();
            ErrorCode code = codeFor(status);
            rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(dev.zigd.error.ErrorBody.json(code, "HTTP " + status + " on " + rc.request().method() + " "
                            + rc.request().path()));
        }
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
    }
}
