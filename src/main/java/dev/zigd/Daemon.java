package dev.zigd;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.index.IndexFlusher;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.HeartbeatTicker;
import dev.zigd.log.SessionLogWriter;
import dev.zigd.stream.EventHub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Start and stop order of the daemon's parts. At start: indexes loaded, hub and writer running, then the
 * tickers. At shutdown (SIGTERM): tickers stopped, the writer writes everything already accepted, subscribers
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

    public Daemon(SessionIndex index, IndexFlusher flusher, SessionLogWriter writer, HeartbeatTicker heartbeats,
            EventHub hub) {
        this.index = index;
        this.hub = hub;
        this.flusher = flusher;
        this.writer = writer;
        this.heartbeats = heartbeats;
    }

    void onStart(@Observes @jakarta.annotation.Priority(1) StartupEvent event) {
        index.load();
        hub.start();
        writer.start();
        flusher.start();
        heartbeats.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        heartbeats.stop();
        writer.stop(Duration.ofSeconds(10));
        hub.stop();
        flusher.stop();
        LOG.info("all events and indexes written");
    }
}
