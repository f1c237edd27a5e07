package dev.zigd.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.index.SessionIndex.SessionView;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.LeaseFiles.LeaseRecord;
import dev.zigd.log.SessionLogWriter;
import dev.zigd.process.Liveness;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Who owns each open session zigd manages, and whether that owner is still alive. The owner is alive while
 * its {@code owner_pid} process exists (and is the same process: one that started after the session did is a
 * reused pid), or an ingest connection is open (or closed less than {@code zigd.ingest-grace} ago), or, for a
 * session with neither, a request for it arrived within {@code zigd.idle-timeout}. When the owner is gone, the
 * daemon ends the session itself: {@code zig_session_ended} with {@code status:"failure"}, both indexes stamped,
 * as zig's own {@code Drop} does for a crashed run.
 *
 * <p>{@link #sweep()} runs on every heartbeat tick: it ends the sessions whose owner is gone and returns the
 * others, which get a heartbeat. Leases are kept on disk by {@link LeaseFiles} so a restarted daemon can judge
 * its sessions ({@code dev.zigd.recovery}).
 */
@Singleton
public class Leases {
    private static final Logger LOG = Logger.getLogger(Leases.class);

    private final SessionLogWriter writer;
    private final SessionIndex index;
    private final LeaseFiles files;
    private final Duration idleTimeout;
    private final Duration grace;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private static final class Lease {
        final String sessionId;
        final Long ownerPid;
        final Instant startedAt;
        volatile Instant lastRequest;
        // Guarded by Leases.this.
        int ingestConnections;
        boolean ingestOwned;
        Cancellable graceTimer;

        Lease(String sessionId, Long ownerPid, Instant startedAt, Instant lastRequest) {
            this.sessionId = sessionId;
            this.ownerPid = ownerPid;
            this.startedAt = startedAt;
            this.lastRequest = lastRequest;
        }
    }

    public Leases(SessionLogWriter writer, SessionIndex index, LeaseFiles files, ZigdConfig config) {
        this.writer = writer;
        this.index = index;
        this.files = files;
        this.idleTimeout = config.idleTimeout();
        this.grace = config.ingestGrace();
        writer.onSessionEnded(this::ended);
    }

    /**
     * Blocking, before a session's first line is written: checks the owner and puts the lease on disk, so that
     * no session log ever exists without its lease.
     */
    public void prepare(String sessionId, Long ownerPid) {
        if (ownerPid != null && !Liveness.isAlive(ownerPid, null)) {
            throw ZigdException.badRequest("field 'owner_pid' names no running process: " + ownerPid);
        }
        files.write(new LeaseRecord(sessionId, ownerPid, false));
    }

    /** The session's first line is written: its lease starts. */
    public void started(String sessionId, Long ownerPid, Instant startedAt) {
        leases.put(sessionId, new Lease(sessionId, ownerPid, startedAt, Instant.now()));
    }

    /** The session could not be started: its lease file goes. Blocking. */
    public void abandon(String sessionId) {
        files.delete(sessionId);
    }

    /**
     * After a restart: a session that was open, whose owner is judged alive, is managed again. An ingest-owned
     * session gets a fresh grace period to reconnect in.
     */
    public void resume(LeaseRecord lease, Instant startedAt, Instant lastActivity) {
        Lease resumed = new Lease(lease.zigSessionId(), lease.ownerPid(), startedAt, lastActivity);
        leases.put(lease.zigSessionId(), resumed);
        if (lease.ingest()) {
            synchronized (this) {
                resumed.ingestOwned = true;
                startGrace(resumed);
            }
        }
    }

    /** A request for the session was served. A session zigd did not manage yet (zig's own) becomes managed. */
    public void touch(String sessionId) {
        Lease lease = leases.get(sessionId);
        if (lease != null) {
            lease.lastRequest = Instant.now();
            return;
        }
        if (!index.find(sessionId).map(SessionView::isOpen).orElse(false)) {
            return; // it just ended: nothing left to own
        }
        Lease adopted = new Lease(sessionId, null, Instant.now(), Instant.now());
        if (leases.putIfAbsent(sessionId, adopted) == null) {
            Infrastructure.getDefaultWorkerPool().execute(() -> files.write(new LeaseRecord(sessionId, null, false)));
        }
    }

    /** False when the session ended meanwhile (the connection must then be refused): there is nothing to hold. */
    public synchronized boolean ingestOpened(String sessionId) {
        Lease lease = leases.get(sessionId);
        if (lease == null) {
            touch(sessionId);
            lease = leases.get(sessionId);
            if (lease == null) {
                return false;
            }
        }
        lease.ingestConnections++;
        if (lease.graceTimer != null) {
            lease.graceTimer.cancel();
            lease.graceTimer = null;
        }
        if (!lease.ingestOwned) {
            lease.ingestOwned = true;
            Long ownerPid = lease.ownerPid;
            Lease written = lease;
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                files.write(new LeaseRecord(sessionId, ownerPid, true));
                if (leases.get(sessionId) != written) {
                    files.delete(sessionId); // it ended while this was written: no lease file may outlive it
                }
            });
        }
        return true;
    }

    public synchronized void ingestClosed(String sessionId) {
        Lease lease = leases.get(sessionId);
        if (stopped || lease == null || --lease.ingestConnections > 0) {
            return;
        }
        startGrace(lease);
    }

    private void startGrace(Lease lease) {
        lease.graceTimer = Uni.createFrom().voidItem().onItem().delayIt().by(grace)
                .subscribe().with(ignored -> graceOver(lease));
    }

    private void graceOver(Lease lease) {
        synchronized (this) {
            lease.graceTimer = null;
            if (stopped || lease.ingestConnections > 0) {
                return;
            }
        }
        String gone = whyGone(lease, Instant.now());
        if (gone != null) {
            end(lease, gone);
        }
    }

    /** Ends the sessions whose owner is gone; returns the ids of the others (they get a heartbeat). */
    public Collection<String> sweep() {
        List<String> alive = new ArrayList<>();
        Instant now = Instant.now();
        for (Lease lease : leases.values()) {
            String gone = whyGone(lease, now);
            if (gone == null) {
                alive.add(lease.sessionId);
            } else {
                end(lease, gone);
            }
        }
        return alive;
    }

    /** Null while the owner is alive; else why it is taken to be gone. */
    private String whyGone(Lease lease, Instant now) {
        if (lease.ownerPid != null && Liveness.isAlive(lease.ownerPid, lease.startedAt)) {
            return null;
        }
        synchronized (this) {
            if (lease.ingestConnections > 0 || lease.graceTimer != null) {
                return null;
            }
            if (lease.ingestOwned && lease.ownerPid == null) {
                return "its last ingest connection closed more than " + grace + " ago";
            }
        }
        if (lease.ownerPid != null) {
            return "its owner process " + lease.ownerPid + " is gone";
        }
        if (Duration.between(lease.lastRequest, now).compareTo(idleTimeout) >= 0) {
            return "no request for it in " + idleTimeout;
        }
        return null;
    }

    private void end(Lease lease, String why) {
        if (stopped || !leases.remove(lease.sessionId, lease)) {
            return;
        }
        writer.append(lease.sessionId, List.of(new ZigSessionEnded(SessionStatus.FAILURE, null))).subscribe().with(
                range -> LOG.infof("session %s ended with failure: %s", lease.sessionId, why),
                failure -> {
                    if (failure instanceof ZigdException e && e.code() == ErrorCode.SESSION_ENDED) {
                        return;
                    }
                    LOG.warnf("could not end session %s (%s): %s; will try again", lease.sessionId, why,
                            failure.getMessage());
                    leases.putIfAbsent(lease.sessionId, lease);
                });
    }

    /** Writer thread, once the session's end is written: the lease is over. */
    private void ended(String sessionId) {
        Lease lease = leases.remove(sessionId);
        if (lease != null) {
            synchronized (this) {
                if (lease.graceTimer != null) {
                    lease.graceTimer.cancel();
                }
            }
        }
        files.delete(sessionId);
    }

    public boolean manages(String sessionId) {
        return leases.containsKey(sessionId);
    }

    /** At shutdown: nothing is ended from now on; connections closing now are not owners going away. */
    public synchronized void stop() {
        stopped = true;
        for (Lease lease : leases.values()) {
            if (lease.graceTimer != null) {
                lease.graceTimer.cancel();
                lease.graceTimer = null;
            }
        }
    }
}
