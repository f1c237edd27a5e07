package dev.zigd.stream;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;
import dev.zigd.index.SessionIndex.SessionView;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Per-session streams (WebSocket and SSE alike): stored events after {@code after_seq}, then live ones. */
@Singleton
public class SessionFeeds {
    private final EventHub hub;
    private final long budget;
    /** Replay reads: one short read per chunk, never a wait for a client. */
    private final Executor reads = Infrastructure.getDefaultWorkerPool();

    public SessionFeeds(EventHub hub, ZigdConfig config) {
        this.hub = hub;
        this.budget = config.subscriberBuffer().asLongValue();
    }

    /**
     * Registers the stream with the hub first, then replays the log chunk by chunk as the client takes it, then
     * goes live; see {@link Subscriber} for why that order leaves no gap and no duplicate.
     */
    public Subscriber open(SessionView session, long afterSeq, Set<String> types, Subscriber.Sink sink) {
        Subscriber subscriber = Subscriber.forSession(hub, session.id(), afterSeq, types, budget, sink);
        new Replay(hub, subscriber, session.id(), Path.of(session.global().logPath()), session.isOpen(), reads).start();
        return subscriber;
    }
}
