package dev.zigd.stream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.EventBody;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.InvalidInputException;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.Leases;
import dev.zigd.log.SessionLogWriter;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/sessions/{id}/ingest} (WebSocket): each text message holds one event object or several,
 * newline-separated; each is all-or-nothing, like one POST, and is answered {@code {"ack":<last_seq>}} or the
 * error document, in order (the next message is read only once the previous one is answered). A bad message
 * appends nothing and the connection stays open; a binary one is answered with the error document; one that is
 * not valid UTF-8 (overlong forms and surrogates included) closes the connection with 1007. While the connection
 * is open it holds the session's lease (see {@link Leases}).
 *
 * <p>Served on Vert.x's {@link ServerWebSocket} like {@link StreamRoutes}, behind the same access filter: a
 * WebSocket library that hands over decoded text would replace bad bytes with U+FFFD before zigd could refuse
 * them.
 */
@Singleton
public class IngestSocket {
    /** As websockets-next's auto-ping, which served this endpoint before (documented: pings every 10 s). */
    private static final long PING_INTERVAL_MS = 10_000;

    private final SessionIndex index;
    private final SessionLogWriter writer;
    private final Leases leases;
    private final long maxMessageBytes;
    private final Set<ServerWebSocket> open = ConcurrentHashMap.newKeySet();

    public IngestSocket(SessionIndex index, SessionLogWriter writer, Leases leases, ZigdConfig config) {
        this.index = index;
        this.writer = writer;
        this.leases = leases;
        this.maxMessageBytes = config.maxBodySize().asLongValue();
    }

    void install(@Observes Router router) {
        router.get("/api/v1/sessions/:id/ingest").order(StreamRoutes.ORDER).handler(this::ingest);
    }

    /**
     * SIGTERM: closes every ingest connection with 1001; the future completes once the close frames are written
     * (or the connections are gone), so that the JVM's own teardown cannot overtake them.
     */
    public Future<Void> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        open.forEach(socket -> closing.add(socket.close((short) 1001, "zigd is shutting down").otherwiseEmpty()));
        return Future.join(closing).mapEmpty();
    }

    private void ingest(RoutingContext rc) {
        if (!StreamRoutes.isUpgrade(rc)) {
            return;
        }
        String id = rc.pathParam("id");
        rc.request().toWebSocket().onSuccess(socket -> {
            var session = index.find(id);
            if (session.isEmpty() || !session.get().isOpen()) {
                String message = session.isEmpty() ? ZigdException.sessionNotFound(id).getMessage()
                        : ZigdException.sessionEnded(id).getMessage();
                socket.close((short) 1008, StreamQuery.reason(message));
                return;
            }
            boolean leased;
            try {
                leased = leases.ingestOpened(id);
            } catch (ZigdException e) { // the lease file cannot be written (a full disk)
                socket.close((short) 1011, StreamQuery.reason(e.getMessage()));
                return;
            }
            if (!leased) {
                socket.close((short) 1008, StreamQuery.reason(ZigdException.sessionEnded(id).getMessage()));
                return;
            }
            open.add(socket);
            // An idle ingest connection (a long step) must outlive zigd.connections.idle-timeout.
            long pings = rc.vertx().setPeriodic(PING_INTERVAL_MS, t -> {
                if (!socket.isClosed()) {
                    socket.writePing(Buffer.buffer());
                }
            });
            socket.closeHandler(v -> {
                rc.vertx().cancelTimer(pings);
                open.remove(socket);
                leases.ingestClosed(id);
            });
            socket.frameHandler(new Messages(id, socket, rc.vertx().getOrCreateContext()));
        });
    }

    /** Gathers a message's frames, then handles it with the socket paused, so the answers keep the order. */
    private final class Messages implements Handler<WebSocketFrame> {
        private final String id;
        private final ServerWebSocket socket;
        private final Context context;
        private Buffer message;
        private boolean text;
        private long length;

        Messages(String id, ServerWebSocket socket, Context context) {
            this.id = id;
            this.socket = socket;
            this.context = context;
        }

        @Override
        public void handle(WebSocketFrame frame) {
            if (!frame.isContinuation()) {
                message = Buffer.buffer();
                text = frame.isText();
                length = 0;
            }
            if (message == null) {
                return; // a continuation without a start: Netty refuses those before they get here
            }
            length += frame.binaryData().length();
            if (length <= maxMessageBytes) {
                message.appendBuffer(frame.binaryData());
            } else {
                message = Buffer.buffer(); // counted, not kept: it is answered too_large
            }
            if (frame.isFinal()) {
                Buffer whole = message;
                message = null;
                handleMessage(whole, length);
            }
        }

        private void handleMessage(Buffer bytes, long size) {
            if (!text) {
                reply(ErrorBody.json(ErrorCode.BAD_REQUEST,
                        "binary frames are not accepted: send the events as text frames (UTF-8 JSON)"));
                return;
            }
            if (size > maxMessageBytes) {
                reply(ErrorBody.json(ErrorCode.TOO_LARGE, "frame of " + size + " bytes is over the limit of "
                        + maxMessageBytes + " bytes (zigd.max-body-size)"));
                return;
            }
            String decoded;
            try {
                decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.getBytes())).toString();
            } catch (CharacterCodingException e) {
                socket.close((short) 1007, "invalid UTF-8 in a text message: nothing of it was written");
                return;
            }
            List<EventBody> events;
            try {
                events = EventDecoder.decodeClientLines(decoded);
            } catch (RuntimeException e) {
                reply(errorReply(e));
                return;
            }
            socket.pause();
            writer.append(id, events)
                    .invoke(range -> leases.touch(id))
                    .map(range -> "{\"ack\":" + range.lastSeq() + "}")
                    .onFailure().recoverWithItem(IngestSocket::errorReply)
                    .subscribe().with(answer -> context.runOnContext(v -> {
                        reply(answer);
                        socket.resume();
                    }));
        }

        private void reply(String answer) {
            if (!socket.isClosed()) {
                socket.writeTextMessage(answer);
            }
        }
    }

    private static String errorReply(Throwable failure) {
        if (failure instanceof ZigdException e) {
            return ErrorBody.json(e.code(), e.getMessage());
        }
        if (failure instanceof InvalidInputException e) {
            return ErrorBody.json(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        return ErrorBody.json(ErrorCode.INTERNAL, "internal error: " + failure);
    }
}
