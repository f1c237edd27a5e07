package dev.zigd.recovery;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.event.EventBody.ZigSessionStarted;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.InvalidInputException;
import dev.zigd.event.Timestamps;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.ProjectEntry;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.LeaseFiles.LeaseRecord;
import dev.zigd.lease.LeaseFiles;
import dev.zigd.lease.Leases;
import dev.zigd.log.LogTail;
import dev.zigd.log.SessionLogWriter;
import dev.zigd.process.Liveness;

import io.smallrye.mutiny.Uni;

/**
 * Runs once at start, after the indexes are loaded and the writer runs, before the tickers. Blocking.
 *
 * <ol>
 * <li>Logs no index lists (the daemon crashed before its batched index write) are added from their first line.</li>
 * <li>Every open session's log is repaired: a torn last line is cut off; if the last whole line is
 * {@code zig_session_ended}, the indexes are stamped from it.</li>
 * <li>Each still-open session with a lease is resumed if its owner is alive (pid alive and the same process,
 * an ingest session within its grace period, an owner-less one within the idle timeout of its log's last
 * change), else ended with {@code failure}.</li>
 * <li>An open session without a lease is zig's own (zig writes it itself): it is left alone while its log
 * changed within the idle timeout, else ended with {@code failure}, like zig's {@code Drop} would have.</li>
 * </ol>
 */
@Singleton
public class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class);

    private final ZigdPaths paths;
    private final SessionIndex index;
    private final SessionLogWriter writer;
    private final Leases leases;
    private final LeaseFiles leaseFiles;
    private final Duration idleTimeout;

    public Recovery(ZigdPaths paths, SessionIndex index, SessionLogWriter writer, Leases leases, LeaseFiles leaseFiles,
            ZigdConfig config) {
        this.paths = paths;
        this.index = index;
        this.writer = writer;
        this.leases = leases;
        this.leaseFiles = leaseFiles;
        this.idleTimeout = config.idleTimeout();
    }

    public record Report(int unindexedAdded, int endStamped, int resumed, int endedWithFailure, int leftToZig) {
    }

    public Report recover() {
        int added = addUnindexedLogs();
        int stamped = 0;
        int resumed = 0;
        int ended = 0;
        int leftToZig = 0;
        List<Uni<?>> ending = new ArrayList<>();
        Set<String> open = new HashSet<>();
        for (GlobalEntry entry : index.list(GlobalEntry::isOpen, Integer.MAX_VALUE)) {
            String id = entry.zigSessionId();
            Path log = Path.of(entry.logPath());
            String lastLine;
            try {
                lastLine = LogTail.repair(paths.zigDir(), log);
            } catch (IOException e) {
                LOG.warnf("session %s: cannot repair %s (%s); left as it is", id, log, e.getMessage());
                continue;
            }
            Event last = parse(lastLine);
            if (last != null && last.body() instanceof ZigSessionEnded end) {
                Instant at = Timestamps.parse(last.ts()).orElseGet(Instant::now);
                index.markEnded(id, at, end.status());
                leaseFiles.delete(id);
                stamped++;
                continue;
            }
            Instant startedAt = Timestamps.parse(entry.startedAt()).orElse(Instant.EPOCH);
            Instant lastChange = lastModified(log);
            Optional<LeaseRecord> lease = leaseFiles.read(id);
            String gone;
            if (lease.isPresent()) {
                gone = ownerGone(lease.get(), startedAt, lastChange);
                if (gone == null) {
                    leases.resume(lease.get(), startedAt, lastChange);
                    index.markOwned(id); // zigd's to write: not followed as zig's own (dev.zigd.follow)
                    open.add(id);
                    resumed++;
                    continue;
                }
            } else if (Duration.between(lastChange, Instant.now()).compareTo(idleTimeout) < 0) {
                leftToZig++;
                continue;
            } else {
                gone = "nothing was written to it in " + idleTimeout + " and no zigd lease names its owner";
            }
            String why = gone;
            ending.add(writer.append(id, List.of(new ZigSessionEnded(SessionStatus.FAILURE, null)))
                    .invoke(range -> LOG.infof("session %s ended with failure at start: %s", id, why))
                    .onFailure().invoke(e -> LOG.warnf("session %s could not be ended: %s", id, e.getMessage()))
                    .onFailure().recoverWithNull());
            ended++;
        }
        for (Uni<?> end : ending) {
            end.await().atMost(Duration.ofSeconds(30));
        }
        for (String orphan : leaseFiles.all()) {
            if (!open.contains(orphan) && !leases.manages(orphan)) {
                leaseFiles.delete(orphan);
            }
        }
        Report report = new Report(added, stamped, resumed, ended, leftToZig);
        LOG.infof("recovery: %s", report);
        return report;
    }

    /** Null when the lease's owner is alive, else why it is not. */
    private String ownerGone(LeaseRecord lease, Instant startedAt, Instant lastChange) {
        if (lease.ownerPid() != null) {
            return Liveness.isAlive(lease.ownerPid(), startedAt) ? null
                    : "its owner process " + lease.ownerPid() + " is gone";
        }
        if (lease.ingest()) {
            return null; // gets a fresh grace period to reconnect in
        }
        return Duration.between(lastChange, Instant.now()).compareTo(idleTimeout) < 0 ? null
                : "no request for it in " + idleTimeout;
    }

    /** Logs under {@code .zig} that no index lists: a crash came between their first line and the index write. */
    private int addUnindexedLogs() {
        int added = 0;
        List<Path> sessionDirs = new ArrayList<>();
        sessionDirs.add(paths.zigDir().resolve("logs").resolve("sessions"));
        // root "/" sanitizes to "": that project's logs sit right under projects/ (see Projects.sanitize).
        sessionDirs.add(paths.projectsDir().resolve("logs").resolve("sessions"));
        if (Files.isDirectory(paths.projectsDir())) {
            try (DirectoryStream<Path> projects = Files.newDirectoryStream(paths.projectsDir())) {
                for (Path project : projects) {
                    sessionDirs.add(project.resolve("logs").resolve("sessions"));
                }
            } catch (IOException e) {
                LOG.warnf("cannot list %s: %s", paths.projectsDir(), e.getMessage());
            }
        }
        for (Path dir : sessionDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "*.jsonl")) {
                for (Path log : logs) {
                    String name = log.getFileName().toString();
                    String id = name.substring(0, name.length() - ".jsonl".length());
                    var known = index.find(id);
                    if (known.isEmpty() ? addFromFirstLine(id, log) : addToItsProjectIndex(known.get(), log)) {
                        added++;
                    }
                }
            } catch (IOException e) {
                LOG.warnf("cannot list %s: %s", dir, e.getMessage());
            }
        }
        return added;
    }

    private boolean addFromFirstLine(String id, Path log) {
        String first;
        try (var reader = Files.newBufferedReader(log)) {
            first = reader.readLine();
        } catch (IOException e) {
            return false;
        }
        Event event = parse(first);
        if (event == null || !(event.body() instanceof ZigSessionStarted started) || !event.zigSessionId().equals(id)) {
            return false;
        }
        Path projectIndex = log.getParent().getParent().resolve("index.json");
        index.add(new ProjectEntry(id, started.workflowName(), started.workflowPath(), log.toString(), event.ts(), null,
                null, started.workspacePath()), projectIndex);
        LOG.infof("session %s was in no index; added from its log", id);
        return true;
    }

    /**
     * A session the global index lists but its project index does not (a crash came between the two index
     * writes): it goes back into the project index, with the global entry's end, so that nothing read from the
     * project index (workflow_path) is lost for good.
     */
    private boolean addToItsProjectIndex(SessionIndex.SessionView session, Path log) {
        if (session.project() != null) {
            return false;
        }
        Event event = parse(firstLine(log));
        if (event == null || !(event.body() instanceof ZigSessionStarted started)
                || !event.zigSessionId().equals(session.id())) {
            return false;
        }
        var global = session.global();
        index.addToProjectIndex(new ProjectEntry(session.id(), started.workflowName(), started.workflowPath(),
                log.toString(), event.ts(), global.endedAt(), global.status(), started.workspacePath()),
                log.getParent().getParent().resolve("index.json"));
        LOG.infof("session %s was missing from its project index; added from its log", session.id());
        return true;
    }

    private static String firstLine(Path log) {
        try (var reader = Files.newBufferedReader(log)) {
            return reader.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static Event parse(String line) {
        if (line == null) {
            return null;
        }
        try {
            return EventDecoder.decodeStoredLine(line);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
