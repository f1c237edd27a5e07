package dev.zigd.stream;

import dev.zigd.error.ErrorBody;
import dev.zigd.error.ErrorCode;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Server-Sent Events to one response: the picked events of a batch ({@code id: <seq>}, {@code data: <line>}; a
 * stored line never holds a raw newline) as one buffer write. Every other touch of the response (keep-alive
 * comments, the end) runs on the response's own context, after the writes handed over before, and the keep-alive
 * timer is cancelled with the stream, whoever ends it.
 */
final class SseSink implements Subscriber.Sink {
    private final HttpServerResponse response;
    private final Context context;
    private final Vertx vertx;
    private final long keepAliveMs;
    // Touched on the context only.
    private long keepAliveTimer = -1;
    private boolean over;
    private volatile Runnable clientGone = () -> {
    };

    SseSink(HttpServerResponse response, Vertx vertx, Context context, long keepAliveMs) {
        this.response = response;
        this.vertx = vertx;
        this.context = context;
        this.keepAliveMs = keepAliveMs;
    }

    /** On the context: starts the keep-alive comments and stops everything when the client goes away. */
    void start(Runnable clientGone) {
        this.clientGone = clientGone;
        if (over) {
            return;
        }
        keepAliveTimer = vertx.setPeriodic(keepAliveMs, id -> {
            if (!over && !response.ended() && !response.closed()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            stopTimer();
            clientGone.run();
        });
    }

    @Override
    public void write(EncodedBatch batch, int[] picked, int count, Runnable written) {
        Buffer events = Buffer.buffer(batch.serverSentEvents(picked, count));
        try {
            response.write(events).onComplete(done -> {
                written.run();
                if (done.failed()) {
                    // The client went away (perhaps before its close handler was set): stop its subscriber.
                    clientGone.run();
                }
            });
        } catch (IllegalStateException alreadyEnded) {
            written.run();
        }
    }

    @Override
    public boolean copies(boolean all) {
        return true;
    }

    @Override
    public Future<Void> close(int code, String reason, long lastSeq) {
        Promise<Void> sent = Promise.promise();
        context.runOnContext(v -> {
            stopTimer();
            if (response.ended() || response.closed()) {
                sent.complete();
                return;
            }
            String last = code == 1000 && reason.equals("session ended")
                    ? "event: end\ndata: {\"last_seq\":" + lastSeq + "}\n\n"
                    : "event: error\ndata: " + ErrorBody.json(ErrorCode.UNAVAILABLE, reason) + "\n\n";
            response.end(last).onComplete(done -> sent.tryComplete());
        });
        return sent.future();
    }

    private void stopTimer() {
        over = true;
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
        }
    }
}
