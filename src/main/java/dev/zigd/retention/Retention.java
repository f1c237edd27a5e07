package dev.zigd.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.SessionIndex;
import dev.zigd.process.ProcessStore;
import dev.zigd.retention.RemovalJournal.Mode;
import dev.zigd.retention.Selection.Plan;
import dev.zigd.retention.Selection.Policy;

/**
 * Runs clean-ups, one at a time (the schedule, {@code POST /api/v1/sessions/gc} and {@code DELETE} wait for each
 * other), always on the caller's thread: a scheduler or request worker, never the writer's.
 */
@Singleton
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final SessionIndex index;
    private final Selection selection;
    private final SessionRemover remover;
    private final ProcessStore processes;
    private final RetentionStats stats;
    private final Clock clock;
    private final ZigdConfig.Retention config;
    private final ReentrantLock oneAtATime = new ReentrantLock();

    public Retention(SessionIndex index, Selection selection, SessionRemover remover, ProcessStore processes,
            RetentionStats stats, Clock clock, ZigdConfig config) {
        this.index = index;
        this.selection = selection;
        this.remover = remover;
        this.processes = processes;
        this.stats = stats;
        this.clock = clock;
        this.config = config.retention();
    }

    /** At most this many sessions are listed in an answer; {@code count} and {@code bytes_freed} cover all. */
    static final int LISTED_AT_MOST = 1_000;

    /**
     * The answer of gc and DELETE: the sessions that go (or would), the first {@link #LISTED_AT_MOST} of them
     * listed, oldest end first; {@code count} of them in all, the bytes that frees, and whether the list was cut.
     */
    @JsonPropertyOrder({ "dry_run", "archive", "count", "bytes_freed", "truncated", "sessions" })
    public record Report(boolean dryRun, boolean archive, int count, long bytesFreed, boolean truncated,
            List<Candidate> sessions) {

        static Report of(boolean dryRun, boolean archive, List<Candidate> going, long bytesFreed) {
            boolean truncated = going.size() > LISTED_AT_MOST;
            List<Candidate> listed = truncated ? List.copyOf(going.subList(0, LISTED_AT_MOST)) : going;
            return new Report(dryRun, archive, going.size(), bytesFreed, truncated, listed);
        }
    }

    /** The configured policy: {@code zigd.retention.sessions.*}. */
    public Policy configuredPolicy() {
        return new Policy(config.sessions().maxAge(),
                config.sessions().maxTotalSize().map(size -> size.asLongValue()));
    }

    /** A clean-up by the given policy; a dry run only reports. Blocking. */
    public Report sessions(Policy policy, boolean dryRun) {
        oneAtATime.lock();
        try {
            remover.completeInterrupted();
            Plan plan = selection.plan(policy, clock.instant());
            if (dryRun) {
                return Report.of(true, config.archive(), plan.going(), plan.bytes());
            }
            return carryOut(plan);
        } finally {
            oneAtATime.unlock();
        }
    }

    /** {@code DELETE}: one ended session, by its full id, deleted (never archived). Blocking. */
    public Report deleteOne(String id) {
        oneAtATime.lock();
        try {
            remover.completeInterrupted();
            GlobalEntry entry = index.find(id).orElseThrow(() -> ZigdException.sessionNotFound(id
                    + " (DELETE takes a full session id)")).global();
            if (entry.isOpen()) {
                throw new ZigdException(ErrorCode.SESSION_OPEN,
                        "session " + id + " is open; only an ended session can be removed");
            }
            java.nio.file.Path log = selection.removableLog(entry);
            if (log == null) {
                throw new ZigdException(ErrorCode.BAD_REQUEST, "session " + id + " has its log at " + entry.logPath()
                        + ", outside the zig directory zigd manages; it is not removed");
            }
            Long holder = HeldOpen.scan().get(log);
            if (holder != null) {
                throw new ZigdException(ErrorCode.SESSION_OPEN,
                        "session " + id + " has ended but process " + holder + " still holds its log open");
            }
            long size = Math.max(0, Selection.sizeOf(log));
            Candidate candidate = new Candidate(entry, size, null);
            SessionRemover.Removed removed = remover.remove(List.of(candidate), Mode.DELETE);
            return Report.of(false, false, List.of(candidate), removed.bytesFreed());
        } finally {
            oneAtATime.unlock();
        }
    }

    /**
     * The scheduled run: the configured session policy (or, with none, only a measure of disk use), then the
     * process store's prune when {@code zigd.retention.processes.max-age} is set. Blocking.
     */
    public void scheduledRun() {
        Instant started = clock.instant();
        Report report = sessions(configuredPolicy(), false);
        if (report.count() > 0) {
            LOG.infof("retention: %s %d sessions, %d bytes freed", report.archive() ? "archived" : "removed",
                    report.count(), report.bytesFreed());
        }
        Optional<Duration> processAge = config.processes().maxAge();
        if (processAge.isPresent()) {
            List<String> pruned = processes.collect(started.minus(processAge.get())).await().atMost(WAIT);
            stats.processesRemoved.addAndGet(pruned.size());
            if (!pruned.isEmpty()) {
                LOG.infof("retention: pruned %d process entries", pruned.size());
            }
        }
        stats.lastRunEpochSeconds.set(clock.instant().getEpochSecond());
    }

    private Report carryOut(Plan plan) {
        Mode mode = config.archive() ? Mode.ARCHIVE : Mode.DELETE;
        SessionRemover.Removed removed = remover.remove(plan.going(), mode);
        long goneBytes = plan.bytes();
        stats.logBytes.set(plan.logBytes() - goneBytes);
        stats.archiveBytes.set(plan.archiveBytes() + removed.archiveBytes());
        if (plan.heldOpen() > 0) {
            LOG.infof("retention: %d ended sessions kept because another process holds their log open",
                    plan.heldOpen());
        }
        return Report.of(false, mode == Mode.ARCHIVE, plan.going(), removed.bytesFreed());
    }
}
