package dev.zigd.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;

/** Every failure leaves the API as the contract's error document with its status. */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response zigd(ZigdException e) {
        if (e.code().status >= 500) {
            LOG.warnf("%s: %s", e.code().code, e.getMessage());
        }
        return error(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidEvent(InvalidInputException e) {
        return error(ErrorCode.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            default -> status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
        String message = switch (status) {
            case 404 -> "no such path: " + request.method() + " " + request.path()
                    + " (the API is under /api/v1; see docs/api.md)";
            case 405 -> "method " + request.method() + " is not allowed on " + request.path();
            case 415 -> "content type " + request.getHeader("Content-Type") + " is not accepted on " + request.path();
            default -> e.getMessage() == null ? "HTTP " + status : e.getMessage();
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ErrorBody.json(code, message)).build();
    }

    /**
     * Without {@code -XX:+ExitOnOutOfMemoryError} (the launcher sets it) the JVM survives an allocation that failed;
     * that request gets a 503, the others go on.
     */
    @ServerExceptionMapper
    public Response outOfMemory(OutOfMemoryError e) {
        LOG.error("out of memory serving a request: " + e.getMessage());
        return error(ErrorCode.UNAVAILABLE, "not enough memory to serve this request now: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return error(ErrorCode.INTERNAL, "internal error: " + e);
    }

    static Response error(ErrorCode code, String message) {
        return Response.status(code.status).type(MediaType.APPLICATION_JSON).entity(ErrorBody.json(code, message))
                .build();
    }
}
