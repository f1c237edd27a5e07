package dev.zigd.lease;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.log.SessionLogWriter;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/** Every {@code zigd.heartbeat-interval}, one {@code heartbeat} line into every open session, via the writer. */
@Singleton
public class HeartbeatTicker {
    private static final Logger LOG = Logger.getLogger(HeartbeatTicker.class);

    private final SessionLogWriter writer;
    private final Duration interval;
    private Cancellable ticks;

    public HeartbeatTicker(SessionLogWriter writer, ZigdConfig config) {
        this.writer = writer;
        this.interval = config.heartbeatInterval();
    }

    public void start() {
        ticks = Multi.createFrom().ticks().startingAfter(interval).every(interval)
                .onOverflow().drop()
                .subscribe().with(tick -> writer.heartbeat(interval),
                        failure -> LOG.error("heartbeat ticker stopped", failure));
    }

    public void stop() {
        if (ticks != null) {
            ticks.cancel();
        }
    }
}
