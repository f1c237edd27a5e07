package dev.zigd.follow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.log.SessionLogWriter;

/**
 * Ends the zig sessions whose zig died. zig holds its log open for the whole run and writes a heartbeat every
 * {@code zigd.follow.zig-heartbeat}; it stamps the end itself only on a clean exit. A session quiet for one and a
 * half heartbeat periods is checked (every half period): if no process holds its log open any more (and one did, or the log has not changed
 * for two periods), zigd writes {@code zig_session_ended} {@code failure} through the writer, which numbers it
 * after the last whole line and stamps both indexes. A stopped (SIGSTOP) zig still holds its log: never ended.
 *
 * <p>Without {@code /proc}, a session with no new line for two heartbeat periods of the monotonic clock (which
 * does not run while the machine sleeps) is taken for dead; a stopped zig is then ended too. Follower thread.
 */
final class DeathWatch {
    private static final Logger LOG = Logger.getLogger(DeathWatch.class);

    private final SessionTails tails;
    private final SessionLogWriter writer;
    private final Duration heartbeat;
    private final boolean proc = Holders.available();
    private long checks;

    DeathWatch(SessionTails tails, SessionLogWriter writer, Duration heartbeat) {
        this.tails = tails;
        this.writer = writer;
        this.heartbeat = heartbeat;
    }

    /** How often {@link #check()} should run: twice per heartbeat period. */
    Duration period() {
        return heartbeat.dividedBy(2);
    }

    long checks() {
        return checks;
    }

    /** One round: quiet sessions (and ones never looked at) are checked; costs nothing when none is quiet. */
    void check() {
        long now = System.nanoTime();
        List<FollowedLog> candidates = new ArrayList<>();
        for (FollowedLog log : tails.all()) {
            // 1.5 periods: a live zig's heartbeat (every period, a little late) never makes it a candidate.
            if (!log.holderChecked || now - log.lastGrowthNanos >= heartbeat.toNanos() * 3 / 2) {
                candidates.add(log);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        checks++;
        candidates.forEach(tails::tail);
        candidates.removeIf(FollowedLog::ended);
        if (!proc) {
            for (FollowedLog log : candidates) {
                log.holderChecked = true;
                if (System.nanoTime() - log.lastGrowthNanos >= heartbeat.multipliedBy(2).toNanos()) {
                    end(log, "no line for two heartbeat periods");
                }
            }
            return;
        }
        Set<String> files = new HashSet<>();
        Set<Long> lastHolders = new HashSet<>();
        for (FollowedLog log : candidates) {
            files.add(log.linkName());
            if (log.holderPid != 0) {
                lastHolders.add(log.holderPid);
            }
        }
        Map<String, Long> held = Holders.holders(files, lastHolders);
        for (FollowedLog log : candidates) {
            log.holderChecked = true;
            Long holder = held.get(log.linkName());
            if (holder != null) {
                log.seenHeld = true;
                log.holderPid = holder;
            } else if (log.seenHeld || unchangedFor(log.file, heartbeat.multipliedBy(2))) {
                // Looked at once more, alone: zig may have opened it again meanwhile (it never does, but be sure).
                if (Holders.holders(Set.of(log.linkName()), Set.of()).isEmpty()) {
                    end(log, "no process holds its log open");
                } else {
                    log.seenHeld = true;
                }
            }
        }
    }

    private void end(FollowedLog log, String why) {
        tails.tail(log);
        if (log.ended()) {
            return;
        }
        String id = log.sessionId;
        tails.handOver(log);
        LOG.infof("zig session %s died (%s); ending it with failure", id, why);
        Consumer<String> released = tails::released;
        writer.append(id, List.of(new ZigSessionEnded(SessionStatus.FAILURE, null))).subscribe().with(
                range -> released.accept(id),
                failure -> {
                    LOG.warnf("zig session %s could not be ended: %s", id, failure.getMessage());
                    released.accept(id);
                });
    }

    private static boolean unchangedFor(Path file, Duration age) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return Duration.between(modified, Instant.now()).compareTo(age) >= 0;
        } catch (IOException e) {
            return true;
        }
    }
}
