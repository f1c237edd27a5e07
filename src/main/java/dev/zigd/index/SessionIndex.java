package dev.zigd.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;

import dev.zigd.config.ZigdPaths;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.Timestamps;

/**
 * Both indexes, in memory: the state the API reads and the source of the files {@link IndexFlusher} writes.
 *
 * <p>Entries keep the order sessions were started (a restarted id moves to the end, as in zig). Every change
 * marks its files dirty; the flusher takes a snapshot of the dirty files. Changes come from the writer thread,
 * reads from request threads, so every access holds this object's lock, briefly.
 */
@Singleton
public class SessionIndex {
    private static final Logger LOG = Logger.getLogger(SessionIndex.class);
    private static final TypeReference<List<GlobalEntry>> GLOBAL = new TypeReference<>() {
    };
    private static final TypeReference<List<ProjectEntry>> PROJECT = new TypeReference<>() {
    };

    private final ZigdPaths paths;
    private final LinkedHashMap<String, GlobalEntry> global = new LinkedHashMap<>();
    private final Map<Path, LinkedHashMap<String, ProjectEntry>> projects = new HashMap<>();
    private final Map<String, Path> projectIndexOf = new HashMap<>();
    private final Set<Path> dirty = new LinkedHashSet<>();
    /** Sessions zigd started or has written to: for these, its state wins over another writer's. */
    private final Set<String> owned = new java.util.HashSet<>();
    private int openCount;
    private final List<SessionIndexListener> listeners;

    public SessionIndex(ZigdPaths paths) {
        this.paths = paths;
        this.listeners = List.of();
    }

    @Inject
    public SessionIndex(ZigdPaths paths, Instance<SessionIndexListener> listeners) {
        this.paths = paths;
        this.listeners = listeners.stream().toList();
    }

    private void changed(GlobalEntry entry) {
        for (SessionIndexListener listener : listeners) {
            listener.entryChanged(entry);
        }
    }

    /** A session as both indexes know it; {@code project} is null for a session only the global index lists. */
    public record SessionView(GlobalEntry global, ProjectEntry project) {
        public String id() {
            return global.zigSessionId();
        }

        public boolean isOpen() {
            return global.isOpen();
        }

        /** The project index entry, or one built from the global entry when no project index lists it. */
        public ProjectEntry projectEntry() {
            if (project != null) {
                return project;
            }
            String workspace = global.project().isEmpty() ? null : global.project();
            return new ProjectEntry(global.zigSessionId(), global.workflowName(), null, global.logPath(),
                    global.startedAt(), global.endedAt(), global.status(), workspace);
        }
    }

    /** Reads the global index and every project index below {@code .zig}. Blocking; called once at start. */
    public synchronized void load() {
        global.clear();
        projects.clear();
        projectIndexOf.clear();
        for (GlobalEntry entry : IndexFile.read(paths.globalIndex(), GLOBAL)) {
            global.remove(entry.zigSessionId());
            global.put(entry.zigSessionId(), entry);
        }
        for (Path indexFile : projectIndexFiles()) {
            LinkedHashMap<String, ProjectEntry> entries = new LinkedHashMap<>();
            for (ProjectEntry entry : IndexFile.read(indexFile, PROJECT)) {
                entries.remove(entry.zigSessionId());
                entries.put(entry.zigSessionId(), entry);
                projectIndexOf.put(entry.zigSessionId(), indexFile);
                // The two files are written one after the other (by zig, and by zigd's batches); a crash between
                // them leaves a session in one only, or ended in one only. The end wins: it is in the log.
                GlobalEntry known = global.get(entry.zigSessionId());
                if (known == null) {
                    dirty.add(paths.globalIndex());
                    global.put(entry.zigSessionId(), new GlobalEntry(entry.zigSessionId(), entry.workflowName(),
                            entry.workspacePath() == null ? "" : entry.workspacePath(), entry.logPath(),
                            entry.startedAt(), entry.endedAt(), entry.status()));
                } else if (known.isOpen() && entry.endedAt() != null) {
                    dirty.add(paths.globalIndex());
                    global.put(entry.zigSessionId(), known.ended(entry.endedAt(), entry.status()));
                } else if (!known.isOpen() && entry.endedAt() == null) {
                    dirty.add(indexFile);
                    entries.put(entry.zigSessionId(), entry.ended(known.endedAt(), known.status()));
                }
            }
            projects.put(indexFile, entries);
        }
        openCount = (int) global.values().stream().filter(GlobalEntry::isOpen).count();
        LOG.infof("loaded %d sessions (%d open) from %d project indexes", global.size(), openCount, projects.size());
    }

    private List<Path> projectIndexFiles() {
        List<Path> files = new ArrayList<>();
        Path noProject = paths.zigDir().resolve("logs").resolve("index.json");
        if (Files.isRegularFile(noProject)) {
            files.add(noProject);
        }
        if (Files.isDirectory(paths.projectsDir())) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(paths.projectsDir())) {
                for (Path dir : dirs) {
                    Path index = dir.resolve("logs").resolve("index.json");
                    if (Files.isRegularFile(index)) {
                        files.add(index);
                    }
                }
            } catch (IOException e) {
                LOG.errorf("cannot list %s: %s", paths.projectsDir(), e);
            }
        }
        return files;
    }

    /** A new session: drops any entry with the same id and appends one with no end, in both indexes. */
    public synchronized void add(ProjectEntry entry, Path projectIndex) {
        String id = entry.zigSessionId();
        GlobalEntry previous = global.remove(id);
        if (previous != null && previous.isOpen()) {
            openCount--;
        }
        global.put(id, new GlobalEntry(id, entry.workflowName(),
                entry.workspacePath() == null ? "" : entry.workspacePath(), entry.logPath(), entry.startedAt(),
                entry.endedAt(), entry.status()));
        openCount++;
        LinkedHashMap<String, ProjectEntry> project = projects.computeIfAbsent(projectIndex, p -> new LinkedHashMap<>());
        project.remove(id);
        project.put(id, entry);
        projectIndexOf.put(id, projectIndex);
        owned.add(id);
        dirty.add(paths.globalIndex());
        dirty.add(projectIndex);
        changed(global.get(id));
    }

    /** zigd writes this session's log from now on (a session it did not start). */
    public synchronized void markOwned(String id) {
        owned.add(id);
    }

    /** Stamps {@code ended_at} and {@code status} in both indexes. */
    public synchronized void markEnded(String id, Instant at, SessionStatus status) {
        String endedAt = Timestamps.format(at);
        GlobalEntry entry = global.get(id);
        if (entry != null) {
            if (entry.isOpen()) {
                openCount--;
            }
            global.put(id, entry.ended(endedAt, status));
            dirty.add(paths.globalIndex());
            changed(global.get(id));
        }
        Path projectIndex = projectIndexOf.get(id);
        if (projectIndex != null) {
            projects.get(projectIndex).computeIfPresent(id, (k, e) -> e.ended(endedAt, status));
            dirty.add(projectIndex);
        }
    }

    public synchronized Optional<SessionView> find(String id) {
        GlobalEntry entry = global.get(id);
        return entry == null ? Optional.empty() : Optional.of(view(entry));
    }

    /**
     * Resolves a selector: a full id, a unique id prefix, {@code latest} (newest {@code started_at}) or
     * {@code active} (newest session that has not ended).
     */
    public synchronized SessionView select(String selector) {
        if (selector.equals("latest")) {
            return newest(e -> true).orElseThrow(() -> ZigdException.sessionNotFound("latest (there are no sessions)"));
        }
        if (selector.equals("active")) {
            return newest(GlobalEntry::isOpen)
                    .orElseThrow(() -> ZigdException.sessionNotFound("active (no session is running)"));
        }
        GlobalEntry exact = global.get(selector);
        if (exact != null) {
            return view(exact);
        }
        List<String> matches = new ArrayList<>();
        for (String id : global.keySet()) {
            if (id.startsWith(selector)) {
                matches.add(id);
            }
        }
        if (matches.isEmpty() || selector.isEmpty()) {
            throw ZigdException.sessionNotFound(selector);
        }
        if (matches.size() > 1) {
            throw new ZigdException(ErrorCode.AMBIGUOUS,
                    "ambiguous session id prefix '" + selector + "'. Matches: " + String.join(", ", matches));
        }
        return view(global.get(matches.get(0)));
    }

    /** Global entries matching {@code filter}, newest {@code started_at} first, at most {@code limit}. */
    public synchronized List<GlobalEntry> list(Predicate<GlobalEntry> filter, int limit) {
        List<GlobalEntry> out = new ArrayList<>();
        for (GlobalEntry entry : global.values()) {
            if (filter.test(entry)) {
                out.add(entry);
            }
        }
        // Later in the file wins a tie, as "started later" does in zig's append-only order.
        List<GlobalEntry> reversed = new ArrayList<>(out.size());
        for (int i = out.size() - 1; i >= 0; i--) {
            reversed.add(out.get(i));
        }
        reversed.sort(Comparator.comparing(SessionIndex::startedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return reversed.size() > limit ? List.copyOf(reversed.subList(0, limit)) : reversed;
    }

    public synchronized int openSessions() {
        return openCount;
    }

    /**
     * Another program (zig itself) changed an index file since zigd last read or wrote it: takes in what it
     * wrote, by {@code zig_session_id}. Entries only the file has are added; for sessions zigd does not own, the
     * file's entry wins (zig wrote it last); for zigd's own, zigd's state wins. Nothing is dropped. Blocking.
     */
    public void mergeFromDisk(Path file) {
        boolean isGlobal = file.equals(paths.globalIndex());
        List<?> onDisk = isGlobal ? IndexFile.read(file, GLOBAL) : IndexFile.read(file, PROJECT);
        synchronized (this) {
            if (isGlobal) {
                for (Object o : onDisk) {
                    GlobalEntry theirs = (GlobalEntry) o;
                    GlobalEntry mine = global.get(theirs.zigSessionId());
                    if (mine == null || (!owned.contains(theirs.zigSessionId()) && !mine.equals(theirs))) {
                        openCount += (theirs.isOpen() ? 1 : 0) - (mine != null && mine.isOpen() ? 1 : 0);
                        global.put(theirs.zigSessionId(), theirs);
                        changed(theirs);
                    }
                }
            } else {
                LinkedHashMap<String, ProjectEntry> project = projects.computeIfAbsent(file, f -> new LinkedHashMap<>());
                for (Object o : onDisk) {
                    ProjectEntry theirs = (ProjectEntry) o;
                    if (!project.containsKey(theirs.zigSessionId()) || !owned.contains(theirs.zigSessionId())) {
                        project.put(theirs.zigSessionId(), theirs);
                        projectIndexOf.putIfAbsent(theirs.zigSessionId(), file);
                    }
                }
            }
            dirty.add(file);
        }
    }

    /** The files with changes not yet written. */
    public synchronized List<Path> dirtyFiles() {
        return List.copyOf(dirty);
    }

    /** Every index file zigd knows of. */
    public synchronized List<Path> files() {
        List<Path> files = new ArrayList<>(projects.keySet());
        files.add(paths.globalIndex());
        return files;
    }

    /** A file to write and the entries it holds, taken under the lock so each file is consistent. */
    public record Snapshot(Path file, List<?> sessions) {
    }

    /** The dirty files with their current entries; clears the dirty marks. */
    public synchronized List<Snapshot> takeDirty() {
        List<Snapshot> out = new ArrayList<>(dirty.size());
        for (Path file : dirty) {
            if (file.equals(paths.globalIndex())) {
                out.add(new Snapshot(file, List.copyOf(global.values())));
            } else {
                out.add(new Snapshot(file, List.copyOf(projects.get(file).values())));
            }
        }
        dirty.clear();
        return out;
    }

    /** Puts back a file whose write failed, so the next flush tries again. */
    public synchronized void markDirty(Path file) {
        dirty.add(file);
    }

    private Optional<SessionView> newest(Predicate<GlobalEntry> filter) {
        GlobalEntry best = null;
        Instant bestAt = null;
        for (GlobalEntry entry : global.values()) {
            if (!filter.test(entry)) {
                continue;
            }
            Instant at = startedAt(entry);
            if (best == null || (at != null && (bestAt == null || !at.isBefore(bestAt)))) {
                best = entry;
                bestAt = at;
            }
        }
        return Optional.ofNullable(best).map(this::view);
    }

    private SessionView view(GlobalEntry entry) {
        Path projectIndex = projectIndexOf.get(entry.zigSessionId());
        ProjectEntry project = projectIndex == null ? null : projects.get(projectIndex).get(entry.zigSessionId());
        return new SessionView(entry, project);
    }

    private static Instant startedAt(GlobalEntry entry) {
        return Timestamps.parse(entry.startedAt()).orElse(null);
    }
}
