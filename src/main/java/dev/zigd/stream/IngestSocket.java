package dev.zigd.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;

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

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * {@code GET /api/v1/sessions/{id}/ingest} (WebSocket): each text frame holds one event object or several,
 * newline-separated; each frame is all-or-nothing, like one POST, and is answered {@code {"ack":<last_seq>}} or
 * the error document. A bad frame appends nothing and the connection stays open. While the connection is open
 * it holds the session's lease (see {@link Leases}).
 */
@WebSocket(path = "/api/v1/sessions/{id}/ingest")
public class IngestSocket {
    private static final TypedKey<Boolean> LEASED = new TypedKey<>("zigd.leased");

    private final SessionIndex index;
    private final SessionLogWriter writer;
    private final Leases leases;
    private final long maxFrameBytes;

    public IngestSocket(SessionIndex index, SessionLogWriter writer, Leases leases, ZigdConfig config) {
        this.index = index;
        this.writer = writer;
        this.leases = leases;
        this.maxFrameBytes = config.maxBodySize().asLongValue();
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        String id = connection.pathParam("id");
        var session = index.find(id);
        if (session.isEmpty() || !session.get().isOpen()) {
            String message = session.isEmpty() ? ZigdException.sessionNotFound(id).getMessage()
                    : ZigdException.sessionEnded(id).getMessage();
            return connection.close(new CloseReason(1008, StreamQuery.reason(message)));
        }
        if (!leases.ingestOpened(id)) {
            return connection.close(new CloseReason(1008, StreamQuery.reason(ZigdException.sessionEnded(id).getMessage())));
        }
        connection.userData().put(LEASED, Boolean.TRUE);
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<String> frame(String text, WebSocketConnection connection) {
        String id = connection.pathParam("id");
        return Uni.createFrom().item(() -> decode(text))
                .chain(events -> writer.append(id, events))
                .invoke(range -> leases.touch(id))
                .map(range -> "{\"ack\":" + range.lastSeq() + "}")
                .onFailure().recoverWithItem(IngestSocket::errorReply);
    }

    /** Events are text; a binary frame is answered (not silently dropped) and writes nothing. */
    @OnBinaryMessage
    public Uni<Void> binaryFrame(Buffer bytes, WebSocketConnection connection) {
        return connection.sendText(ErrorBody.json(ErrorCode.BAD_REQUEST,
                "binary frames are not accepted: send the events as text frames (UTF-8 JSON)"));
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        if (Boolean.TRUE.equals(connection.userData().get(LEASED))) {
            leases.ingestClosed(connection.pathParam("id"));
        }
    }

    private List<EventBody> decode(String text) {
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxFrameBytes) {
            throw new ZigdException(ErrorCode.TOO_LARGE,
                    "frame of " + size + " bytes is over the limit of " + maxFrameBytes + " bytes (zigd.max-body-size)");
        }
        return EventDecoder.decodeClientLines(text);
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
