package dev.zigd.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdPaths;
import dev.zigd.event.Timestamps;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.SessionIndex;
import dev.zigd.log.LogReader;

/**
 * Decides which sessions go. A session can go only when it has ended in the index, its {@code ended_at} parses,
 * its log is a {@code <id>.jsonl} below {@code <home>/.zig} that exists (an archived one has already gone), and no
 * other process holds the log open. Of those: every one that ended before {@code now - olderThan}; then, while the
 * logs of all indexed sessions (open ones included) still add up to more than {@code maxTotalBytes}, the one that
 * ended longest ago, and so on.
 */
@Singleton
public class Selection {
    private final SessionIndex index;
    private final Path zigDir;

    public Selection(SessionIndex index, ZigdPaths paths) {
        this.index = index;
        this.zigDir = paths.zigDir();
    }

    /** What the policy asks for; an empty field does not limit. */
    public record Policy(Optional<Duration> olderThan, Optional<Long> maxTotalBytes) {
        public boolean removesNothing() {
            return olderThan.isEmpty() && maxTotalBytes.isEmpty();
        }
    }

    /**
     * What goes, oldest end first, and what is on disk now: {@code logBytes} of the indexed sessions' logs,
     * {@code archiveBytes} of their archives; {@code heldOpen} ended sessions were spared because a process holds them.
     */
    public record Plan(List<Candidate> going, long logBytes, long archiveBytes, int heldOpen) {
        public long bytes() {
            return going.stream().mapToLong(Candidate::bytes).sum();
        }
    }

    /** Blocking: stats every indexed log. */
    public Plan plan(Policy policy, Instant now) {
        // The index's own entries, unsorted: the candidates are sorted by their end below.
        List<GlobalEntry> entries = index.globalEntries();
        long logBytes = 0;
        long archiveBytes = 0;
        List<Candidate> ended = new ArrayList<>();
        for (GlobalEntry entry : entries) {
            Path log = removableLog(entry);
            if (log == null) {
                continue;
            }
            long size = sizeOf(log);
            if (size < 0) {
                archiveBytes += Math.max(0, sizeOf(LogReader.archived(log)));
                continue;
            }
            logBytes += size;
            if (entry.isOpen()) {
                continue;
            }
            Optional<Instant> endedAt = Timestamps.parse(entry.endedAt());
            if (endedAt.isPresent()) {
                ended.add(new Candidate(entry, size, endedAt.get()));
            }
        }
        if (policy.removesNothing()) {
            return new Plan(List.of(), logBytes, archiveBytes, 0);
        }
        ended.sort(Comparator.comparing(Candidate::ended));
        Instant cutoff = policy.olderThan().map(now::minus).orElse(Instant.MIN);
        long cap = policy.maxTotalBytes().orElse(Long.MAX_VALUE);
        Map<Path, Long> held = ended.isEmpty() ? Map.of() : HeldOpen.scan();
        List<Candidate> going = new ArrayList<>();
        long remaining = logBytes;
        int spared = 0;
        for (Candidate candidate : ended) {
            boolean tooOld = candidate.ended().isBefore(cutoff);
            if (!tooOld && remaining <= cap) {
                continue;
            }
            if (!held.isEmpty() && held.containsKey(candidate.log())) {
                spared++;
                continue;
            }
            going.add(candidate);
            remaining -= candidate.bytes();
        }
        return new Plan(going, logBytes, archiveBytes, spared);
    }

    /**
     * The log of an indexed session if retention may ever touch it: {@code <id>.jsonl} below {@code <home>/.zig}.
     * An index entry naming any other file (another program wrote it) is never acted on.
     */
    Path removableLog(GlobalEntry entry) {
        if (entry.logPath() == null) {
            return null;
        }
        Path log;
        try {
            log = Path.of(entry.logPath()).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        if (!log.isAbsolute() || !log.startsWith(zigDir)
                || !log.getFileName().toString().equals(entry.zigSessionId() + ".jsonl")) {
            return null;
        }
        return log;
    }

    /** The file's size, or -1 when it does not exist. */
    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            return 0;
        }
    }
}
