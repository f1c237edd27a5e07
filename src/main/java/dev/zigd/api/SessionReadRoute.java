package dev.zigd.api;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.ZigJson;
import dev.zigd.index.SessionIndex;
import dev.zigd.index.SessionIndex.SessionView;
import dev.zigd.log.LineTooLongException;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/sessions/{sel}}: the project index entry's fields plus {@code "events":[…]}, written as it is
 * read from the log (chunked), so its memory is one chunk whatever the log's size. The file is read on a worker
 * thread one chunk at a time and the next chunk is read only once the client took the previous one (the response's
 * write queue drained): a client that stops reading costs an open file and a chunk, never a parked thread.
 * Errors found before the first byte are the usual error document; a read error after it cuts the response
 * (the connection is closed without the end of the chunked body), which a client sees as a truncated transfer.
 */
@Singleton
public class SessionReadRoute {
    private static final Logger LOG = Logger.getLogger(SessionReadRoute.class);

    private final SessionIndex index;
    private final Vertx vertx;
    private final int maxTcpReads;
    /** Reads in progress over TCP; touched on event-loop threads of several loops, hence atomic. */
    private final AtomicInteger tcpReads = new AtomicInteger();

    public SessionReadRoute(SessionIndex index, Vertx vertx, ZigdConfig config) {
        this.index = index;
        this.vertx = vertx;
        this.maxTcpReads = config.connections().maxTcpReads();
    }

    void install(@Observes Router router) {
        // Right after the access filter, before the REST layer (which serves the other /api/v1/sessions paths).
        router.get("/api/v1/sessions/:sel").order(-998_000).handler(this::read);
    }

    private void read(RoutingContext rc) {
        EventPages pages;
        try {
            HttpServerRequest request = rc.request();
            EventPages.ReadQuery query = query(request);
            SessionView session = index.select(rc.pathParam("sel"));
            pages = new EventPages(Path.of(session.global().logPath()), query, ZigJson.compact(session.projectEntry()));
        } catch (ZigdException e) {
            fail(rc.response(), e.code(), e.getMessage());
            return;
        }
        boolean tcp = rc.request().localAddress() == null || !rc.request().localAddress().isDomainSocket();
        if (tcp && tcpReads.incrementAndGet() > maxTcpReads) {
            tcpReads.decrementAndGet();
            rc.response().putHeader("Retry-After", "1");
            fail(rc.response(), ErrorCode.UNAVAILABLE, "too many session reads in progress over TCP (" + maxTcpReads
                    + ", zigd.connections.max-tcp-reads); retry shortly, or read over the Unix socket");
            return;
        }
        new Transfer(rc.response(), pages, tcp ? tcpReads::decrementAndGet : () -> {
        }).start();
    }

    static EventPages.ReadQuery query(HttpServerRequest request) {
        Long after = Query.nonNegative("after_seq", request.getParam("after_seq"));
        Long before = Query.nonNegative("before_seq", request.getParam("before_seq"));
        Long last = Query.nonNegative("last", request.getParam("last"));
        Long limit = Query.nonNegative("limit", request.getParam("limit"));
        if (limit != null && limit == 0) {
            throw ZigdException.badRequest("query parameter 'limit' must be at least 1, got '0'");
        }
        if (limit != null && last != null) {
            throw ZigdException.badRequest(
                    "query parameters 'last' and 'limit' exclude each other: page forward with limit and after_seq,"
                            + " backward with last and before_seq");
        }
        return new EventPages.ReadQuery(after, before, Query.types(request.getParam("type")), last, limit);
    }

    static void fail(HttpServerResponse response, ErrorCode code, String message) {
        response.setStatusCode(code.status).putHeader("Content-Type", "application/json")
                .end(ErrorBody.json(code, message));
    }

    /** One response: reads a chunk on a worker, writes it, and reads the next once the client can take it. */
    private final class Transfer {
        private final HttpServerResponse response;
        private final EventPages pages;
        private final Runnable release;
        private boolean reading;
        private boolean closed;
        private boolean released;

        Transfer(HttpServerResponse response, EventPages pages, Runnable release) {
            this.response = response;
            this.pages = pages;
            this.release = release;
        }

        /** Closes the file and gives the read's slot back, once. */
        private void finish() {
            pages.close();
            if (!released) {
                released = true;
                release.run();
            }
        }

        void start() {
            response.closeHandler(v -> {
                closed = true;
                if (!reading) {
                    finish();
                }
            });
            reading = true;
            vertx.executeBlocking(() -> {
                pages.open();
                return pages.next();
            }, false).onComplete(result -> {
                reading = false;
                if (result.failed()) {
                    finish();
                    if (!closed) {
                        failBeforeFirstByte(result.cause());
                    }
                    return;
                }
                if (closed) {
                    finish();
                    return;
                }
                response.setChunked(true).putHeader("Content-Type", "application/json");
                write(result.result());
            });
        }

        private void write(Buffer chunk) {
            if (chunk == null) {
                finish();
                response.end();
                return;
            }
            if (chunk.length() > 0) {
                response.write(chunk);
            }
            if (response.writeQueueFull()) {
                response.drainHandler(v -> {
                    response.drainHandler(null);
                    readNext();
                });
            } else {
                readNext();
            }
        }

        private void readNext() {
            if (closed) {
                finish();
                return;
            }
            reading = true;
            vertx.executeBlocking(pages::next, false).onComplete(result -> {
                reading = false;
                if (closed) {
                    finish();
                } else if (result.failed()) {
                    finish();
                    LOG.warnf("cut a session read after its first byte: %s", result.cause().toString());
                    response.reset();
                } else {
                    write(result.result());
                }
            });
        }

        private void failBeforeFirstByte(Throwable cause) {
            if (cause instanceof ZigdException e) {
                fail(response, e.code(), e.getMessage());
            } else if (cause instanceof LineTooLongException e) {
                fail(response, ErrorCode.OVER_BUDGET, e.getMessage());
            } else if (cause instanceof OutOfMemoryError) {
                fail(response, ErrorCode.UNAVAILABLE, "not enough memory to read this log now; try again, or page with limit");
            } else {
                LOG.warnf("cannot read a session log: %s", cause.toString());
                fail(response, ErrorCode.STORAGE_FAILED, "cannot read log: " + cause.getMessage());
            }
        }
    }
}
