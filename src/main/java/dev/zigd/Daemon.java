package dev.zigd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.index.IndexFlusher;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.HeartbeatTicker;
import dev.zigd.lease.Leases;
import dev.zigd.log.SessionLogWriter;
import dev.zigd.recovery.Recovery;
import dev.zigd.retention.SessionRemover;
import dev.zigd.stream.EventHub;
import dev.zigd.stream.IngestSocket;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;

/**
 * Start and stop order of the daemon's parts. At start: indexes loaded, hub and writer running, sessions left
 * open recovered (resumed or ended), then the tickers. At shutdown (SIGTERM): tickers stopped, the writer writes everything already accepted, subscribers
 * are closed (1001), then the indexes are written one last time. Open sessions stay open: a daemon restart is not a session failure.
 */
@Singleton
public class Daemon {
    private static final Logger LOG = Logger.getLogger(Daemon.class);

    private final SessionIndex index;
    private final IndexFlusher flusher;
    private final SessionLogWriter writer;
    private final HeartbeatTicker heartbeats;
    private final EventHub hub;
    private final Leases leases;
    private final Recovery recovery;
    private final OpenConnections connections;
    private final SessionRemover retention;
    private final IngestSocket ingest;
    private volatile boolean started;
    private boolean goodbyeSaid;

    public Daemon(SessionIndex index, IndexFlusher flusher, SessionLogWriter writer, HeartbeatTicker heartbeats,
            EventHub hub, Leases leases, Recovery recovery, OpenConnections connections, SessionRemover retention,
            IngestSocket ingest) {
        this.ingest = ingest;
        this.retention = retention;
        this.recovery = recovery;
        this.index = index;
        this.hub = hub;
        this.leases = leases;
        this.connections = connections;
        this.flusher = flusher;
        this.writer = writer;
        this.heartbeats = heartbeats;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        started = true;
        index.load();
        // A clean-up a crash interrupted is finished first: recovery would take its logs for unindexed ones.
        retention.completeInterrupted();
        hub.start();
        writer.start();
        recovery.recover();
        flusher.start();
        heartbeats.start();
    }

    /**
     * SIGTERM, first step, before Quarkus's teardown closes the HTTP servers (which closes every WebSocket with a
     * bare 1000 and cuts SSE responses, all before {@link ShutdownEvent}): streams and ingest connections never end
     * by themselves, so they are told why they end (1001, SSE {@code event: error}); ingest leases stop before that,
     * so that closing them does not end their sessions. Quarkus fires this event ahead of its shutdown tasks because
     * {@code quarkus.shutdown.delay-enabled=true} (no delay is configured: nothing waits).
     */
    void beforeTeardown(@Observes ShutdownDelayInitiatedEvent event) {
        sayGoodbye();
    }

    /** SIGTERM, second step: the writer drains, which answers every request it had accepted; the indexes are written. */
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        if (!started) {
            return; // refused at start (dev.zigd.startup.Preflight): nothing was loaded, nothing may be written
        }
        sayGoodbye();
        writer.stop(Duration.ofSeconds(10));
        flusher.stop();
        LOG.info("all events and indexes written");
    }

    private synchronized void sayGoodbye() {
        if (!started || goodbyeSaid) {
            return;
        }
        goodbyeSaid = true;
        LOG.info("stopping: closing streams and ingest connections, then draining the writer");
        leases.stop();
        heartbeats.stop();
        awaitGoodbyes(Future.join(hub.stop(), ingest.stop()));
        closeWebSockets();
    }

    /**
     * Streams (WebSocket 1001, SSE {@code event: error}) and ingest connections (1001) are told why they end before
     * the JVM's teardown closes what is left with a bare 1000 / a cut response: waits (briefly) until the goodbyes
     * are written.
     */
    private static void awaitGoodbyes(Future<?> written) {
        try {
            written.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("not every stream was told of the shutdown in time: %s", e);
        }
    }

    /** websockets-next endpoints (process feed, fleet): 1001, waiting (briefly) for the close frames to go out. */
    private void closeWebSockets() {
        List<Uni<Void>> closing = new ArrayList<>();
        connections.forEach(connection -> closing.add(connection.close(new CloseReason(1001, "zigd is shutting down"))
                .onFailure().recoverWithNull()));
        if (!closing.isEmpty()) {
            try {
                Uni.join().all(closing).andCollectFailures().await().atMost(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debugf("not every WebSocket closed in time: %s", e.getMessage());
            }
        }
    }
}
