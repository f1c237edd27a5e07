package dev.zigd.lease;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.log.SessionLogWriter;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Ingest connections hold their session's lease. When the last one closes and none reopens within
 * {@code zigd.ingest-grace}, the session's owner is taken to be gone: the daemon writes
 * {@code zig_session_ended} with {@code status:"failure"} (duration measured) and stamps both indexes, as
 * zig's own {@code Drop} does for a crashed run. A session that ended by itself is left alone.
 */
@Singleton
public class IngestLeases {
    private static final Logger LOG = Logger.getLogger(IngestLeases.class);

    private final SessionLogWriter writer;
    private final Duration grace;
    private final Map<String, Integer> connections = new HashMap<>();
    private final Map<String, Cancellable> expiries = new HashMap<>();
    private boolean stopped;

    public IngestLeases(SessionLogWriter writer, ZigdConfig config) {
        this.writer = writer;
        this.grace = config.ingestGrace();
    }

    public synchronized void acquire(String sessionId) {
        connections.merge(sessionId, 1, Integer::sum);
        Cancellable expiry = expiries.remove(sessionId);
        if (expiry != null) {
            expiry.cancel();
        }
    }

    public synchronized void release(String sessionId) {
        if (stopped) {
            return;
        }
        int left = connections.merge(sessionId, -1, Integer::sum);
        if (left > 0) {
            return;
        }
        connections.remove(sessionId);
        expiries.put(sessionId, Uni.createFrom().voidItem().onItem().delayIt().by(grace)
                .subscribe().with(ignored -> expire(sessionId)));
    }

    /** At shutdown: connections closing now are not owners going away. */
    public synchronized void stop() {
        stopped = true;
        expiries.values().forEach(Cancellable::cancel);
        expiries.clear();
    }

    public synchronized boolean isHeld(String sessionId) {
        return connections.containsKey(sessionId);
    }

    private void expire(String sessionId) {
        synchronized (this) {
            if (connections.containsKey(sessionId) || expiries.remove(sessionId) == null) {
                return;
            }
        }
        writer.append(sessionId, List.of(new ZigSessionEnded(SessionStatus.FAILURE, null))).subscribe().with(
                range -> LOG.infof("session %s ended with failure: its ingest connection closed %s ago without an end",
                        sessionId, grace),
                failure -> {
                    if (!(failure instanceof ZigdException e && e.code() == ErrorCode.SESSION_ENDED)) {
                        LOG.warnf("could not end session %s: %s", sessionId, failure.getMessage());
                    }
                });
    }
}
