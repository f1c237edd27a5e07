package dev.zigd.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Frames to a WebSocket connection, a batch at a time: the frames of a batch, already encoded (and shared with
 * the other subscribers, see {@link EncodedBatch}), go to the connection's channel as one buffer: one task on
 * the connection's own event loop, one write, one flush. By default each stored line is one text frame;
 * {@code ?batch=lines} makes it one text frame per batch, its lines separated by {@code \n}.
 *
 * <p>The frames are written below Vert.x's {@link ServerWebSocket} (which would write and flush frame by frame),
 * through the same channel context Vert.x writes its own frames to; closing goes through Vert.x, queued on the
 * same event loop after the writes, so a close frame always follows the frames handed over before it.
 */
final class WebSocketSink implements Subscriber.Sink {
    private final ServerWebSocket socket;
    private final ChannelHandlerContext channel;
    private final boolean linesPerFrame;

    /** {@code request}: the upgraded request (its HTTP/1.1 connection is the WebSocket's). */
    WebSocketSink(ServerWebSocket socket, HttpServerRequest request, boolean linesPerFrame) {
        this.socket = socket;
        this.channel = ((ConnectionBase) request.connection()).channelHandlerContext();
        this.linesPerFrame = linesPerFrame;
    }

    @Override
    public void write(EncodedBatch batch, int[] picked, int count, Runnable written) {
        ByteBuf frames = linesPerFrame ? batch.linesFrame(picked, count) : batch.webSocketFrames(picked, count);
        channel.writeAndFlush(frames).addListener(done -> written.run());
    }

    @Override
    public boolean copies(boolean all) {
        return linesPerFrame && !all;
    }

    @Override
    public Future<Void> close(int code, String reason, long lastSeq) {
        Promise<Void> sent = Promise.promise();
        channel.executor().execute(() -> {
            if (socket.isClosed()) {
                sent.complete();
            } else {
                socket.close((short) code, StreamQuery.reason(reason)).onComplete(done -> sent.tryComplete());
            }
        });
        return sent.future();
    }
}
