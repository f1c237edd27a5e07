package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.index.SessionIndex.SessionView;
import dev.zigd.log.LogReader.StoredLine;
import dev.zigd.log.LogReader;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Per-session streams (WebSocket and SSE alike): stored events after {@code after_seq}, then live ones. */
@Singleton
public class SessionFeeds {
    private static final Logger LOG = Logger.getLogger(SessionFeeds.class);

    private final EventHub hub;
    private final int capacity;
    private final Executor replays = Infrastructure.getDefaultWorkerPool();

    public SessionFeeds(EventHub hub, ZigdConfig config) {
        this.hub = hub;
        this.capacity = config.subscriberBuffer();
    }

    /**
     * Registers the stream with the hub first, then replays the log on a worker thread, then goes live; see
     * {@link Subscriber} for why that order leaves no gap and no duplicate.
     */
    public Subscriber open(SessionView session, long afterSeq, Set<String> types, Subscriber.Sink sink) {
        Subscriber subscriber = Subscriber.forSession(hub, session.id(), afterSeq, types, capacity, sink);
        replays.execute(() -> replayThenGoLive(subscriber, session, afterSeq));
        return subscriber;
    }

    private void replayThenGoLive(Subscriber subscriber, SessionView session, long afterSeq) {
        Path log = Path.of(session.global().logPath());
        try {
            List<StoredLine> stored;
            try {
                stored = LogReader.read(log, line -> line.seq() > afterSeq);
            } catch (NoSuchFileException e) {
                stored = List.of();
            }
            for (StoredLine line : stored) {
                if (!subscriber.replay(new WrittenEvent(session.id(), line.seq(), line.type(), line.json(), null, null))) {
                    return;
                }
            }
            subscriber.goLive();
            if (!session.isOpen()) {
                // Ended before we looked, but its log lacks the end line (zig stamped the index and crashed).
                subscriber.close(1000, "session ended");
            }
        } catch (IOException e) {
            LOG.warnf("cannot replay %s: %s", log, e);
            subscriber.close(1011, StreamQuery.reason("cannot read log " + log + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscriber.close(1001, "zigd is shutting down");
        }
    }
}
