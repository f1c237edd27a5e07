package dev.zigd.lease;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.log.SessionLogWriter;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Every {@code zigd.heartbeat-interval}: ends the sessions whose owner is gone, and writes one {@code heartbeat}
 * line into every other managed session, through the writer. An owner's death is so noticed within one interval.
 */
@Singleton
public class HeartbeatTicker {
    private static final Logger LOG = Logger.getLogger(HeartbeatTicker.class);

    private final SessionLogWriter writer;
    private final Leases leases;
    private final Duration interval;
    private Cancellable ticks;

    public HeartbeatTicker(SessionLogWriter writer, Leases leases, ZigdConfig config) {
        this.writer = writer;
        this.leases = leases;
        this.interval = config.heartbeatInterval();
    }

    public void start() {
        ticks = Multi.createFrom().ticks().startingAfter(interval).every(interval)
                .onOverflow().drop()
                // Checking owners reads /proc: a worker thread, not the ticker's.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> leases.sweep())
                .subscribe().with(alive -> writer.heartbeat(alive, interval),
                        failure -> LOG.error("heartbeat ticker stopped", failure));
    }

    public void stop() {
        if (ticks != null) {
            ticks.cancel();
        }
    }
}
