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
    /**
     * Sessions removed by retention, and when: another writer's stale copy of an index (read before the removal,
     * written after) must not bring them back. Such a copy is written within moments, so a mark is kept for
     * {@link #REMOVED_KEPT} only, and the set stays small however many sessions go over the daemon's life.
     */
    private final LinkedHashMap<String, Instant> removed = new LinkedHashMap<>();
    private static final java.time.Duration REMOVED_KEPT = java.time.Duration.ofMinutes(10);
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
        LOG.infof("loaded %s (%d open) from %s", dev.zigd.Plural.count(global.size(), "session"), openCount,
                dev.zigd.Plural.count(projects.size(), "project index", "project indexes"));
    }

    private List<Path> projectIndexFiles() {
        List<Path> files = new ArrayList<>();
        Path noProject = paths.zigDir().resolve("logs").resolve("index.json");
        if (Files.isRegularFile(noProject)) {
            files.add(noProject);
        }
        // root "/" sanitizes to "": its project directory is projects/ itself (see Projects.sanitize).
        Path rootProject = paths.projectsDir().resolve("logs").resolve("index.json");
        if (Files.isRegularFile(rootProject)) {
            files.add(rootProject);
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
        removed.remove(id);
        dirty.add(paths.globalIndex());
        dirty.add(projectIndex);
        changed(global.get(id));
    }

    /** Puts a session the global index has back into its project index (recovery after a torn pair of writes). */
    public synchronized void addToProjectIndex(ProjectEntry entry, Path projectIndex) {
        LinkedHashMap<String, ProjectEntry> project = projects.computeIfAbsent(projectIndex, p -> new LinkedHashMap<>());
        project.put(entry.zigSessionId(), entry);
        projectIndexOf.put(entry.zigSessionId(), projectIndex);
        dirty.add(projectIndex);
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
        if (projectIndex == null && entry != null) {
            // A session zig started while zigd ran and whose project index zigd has not read: its project index
            // sits next to its log (logs/sessions/<id>.jsonl → logs/index.json). The flusher merges the file's
            // entries before writing it, so nothing zig wrote there is lost.
            Path sessions = Path.of(entry.logPath()).getParent();
            if (sessions != null && sessions.getParent() != null) {
                projectIndex = sessions.getParent().resolve("index.json");
                projectIndexOf.put(id, projectIndex);
                projects.computeIfAbsent(projectIndex, p -> new LinkedHashMap<>()).putIfAbsent(id,
                        new SessionView(entry, null).projectEntry());
            }
        }
        if (projectIndex != null) {
            projects.get(projectIndex).computeIfPresent(id, (k, e) -> e.ended(endedAt, status));
            dirty.add(projectIndex);
        }
    }

    /**
     * Retention: drops these sessions from both indexes, except any that is open (an open session is never
     * removed). Returns the ids dropped; their files are marked dirty, so the next flush writes each file once.
     */
    public synchronized List<String> removeEnded(java.util.Collection<String> ids) {
        List<String> dropped = new ArrayList<>(ids.size());
        Instant now = Instant.now();
        removed.values().removeIf(at -> at.isBefore(now.minus(REMOVED_KEPT)));
        for (String id : ids) {
            GlobalEntry entry = global.get(id);
            if (entry != null && entry.isOpen()) {
                continue;
            }
            boolean known = entry != null;
            if (known) {
                global.remove(id);
                dirty.add(paths.globalIndex());
            }
            Path projectIndex = projectIndexOf.remove(id);
            if (projectIndex != null && projects.get(projectIndex).remove(id) != null) {
                dirty.add(projectIndex);
                known = true;
            }
            owned.remove(id);
            removed.put(id, now);
            if (known) {
                dropped.add(id);
            }
        }
        return dropped;
    }

    public synchronized Optional<SessionView> find(String id) {
        GlobalEntry entry = global.get(id);
        return entry == null ? Optional.empty() : Optional.of(view(entry));
    }

    /**
     * The error for a write to an id that is not a session. Reads take prefixes, writes do not (a write must never
     * land in a session the client did not name), so when {@code id} is a prefix the message says so.
     */
    public synchronized ZigdException unknownWriteTarget(String id) {
        List<String> matches = new ArrayList<>();
        for (String known : global.keySet()) {
            if (!id.isEmpty() && known.startsWith(id)) {
                matches.add(known);
            }
        }
        if (matches.isEmpty()) {
            return ZigdException.sessionNotFound(id);
        }
        return new ZigdException(ErrorCode.NOT_FOUND, "session not found: " + id
                + "; writes need the full session id, not a prefix (" + (matches.size() == 1
                        ? "did you mean " + matches.get(0) + "?)"
                        : matches.size() + " sessions start with it)"));
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

    /** Every global entry, in file order, unsorted: a copy of the references only (retention walks them all). */
    public synchronized List<GlobalEntry> globalEntries() {
        return List.copyOf(global.values());
    }

    public synchronized int openSessions() {
        return openCount;
    }

    /**
     * Another program (zig itself) changed an index file since zigd last read or wrote it: takes in what it
     * wrote, by {@code zig_session_id}. Entries only the file has are added; for sessions zigd does not own, the
     * file's entry wins (zig wrote it last); for zigd's own, zigd's state wins. Nothing is dropped. The file is
     * written again only when it lacks (or disagrees with) something of zigd's. A file that does not parse is read
     * again (up to 3 times, 20 ms apart) before it is kept aside and taken as empty. Blocking.
     */
    public void mergeFromDisk(Path file) {
        // zig writes in place (truncate, then write): a file that does not parse may be half written; a moment
        // later it is whole. Taking it for empty would drop what zig is writing from the next write of the file.
        for (int attempt = 0; attempt < 3; attempt++) {
            if (followDisk(file)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        boolean isGlobal = file.equals(paths.globalIndex());
        merge(file, isGlobal ? IndexFile.read(file, GLOBAL) : IndexFile.read(file, PROJECT));
    }

    /**
     * As {@link #mergeFromDisk}, for a file that may be half written right now (zig writes its indexes in place):
     * a file that does not parse is left alone (not kept aside) and false is returned, to look again later.
     */
    public boolean followDisk(Path file) {
        boolean isGlobal = file.equals(paths.globalIndex());
        Optional<? extends List<?>> onDisk = isGlobal ? IndexFile.tryRead(file, GLOBAL) : IndexFile.tryRead(file, PROJECT);
        onDisk.ifPresent(entries -> merge(file, entries));
        return onDisk.isPresent();
    }

    private synchronized void merge(Path file, List<?> onDisk) {
        boolean needsWrite = false;
        if (file.equals(paths.globalIndex())) {
            Set<String> listed = new java.util.HashSet<>();
            for (Object o : onDisk) {
                GlobalEntry theirs = (GlobalEntry) o;
                listed.add(theirs.zigSessionId());
                if (removed.containsKey(theirs.zigSessionId())) {
                    continue; // retention removed it; zig's stale copy of the file must not bring it back
                }
                GlobalEntry mine = global.get(theirs.zigSessionId());
                if (mine != null && !mine.isOpen() && theirs.isOpen()) {
                    // The end wins (as at load): zig stamps the project index first, so the global file still says
                    // open for a moment; a merge in that moment must not reopen the session.
                    needsWrite |= owned.contains(theirs.zigSessionId());
                    continue;
                }
                if (mine == null || (!owned.contains(theirs.zigSessionId()) && !mine.equals(theirs))) {
                    openCount += (theirs.isOpen() ? 1 : 0) - (mine != null && mine.isOpen() ? 1 : 0);
                    global.put(theirs.zigSessionId(), theirs);
                    changed(theirs);
                } else if (!mine.equals(theirs)) {
                    needsWrite = true;
                }
            }
            needsWrite |= lacksOwned(listed, global.keySet());
        } else {
            LinkedHashMap<String, ProjectEntry> project = projects.computeIfAbsent(file, f -> new LinkedHashMap<>());
            Set<String> listed = new java.util.HashSet<>();
            for (Object o : onDisk) {
                ProjectEntry theirs = (ProjectEntry) o;
                String id = theirs.zigSessionId();
                listed.add(id);
                if (removed.containsKey(id)) {
                    continue;
                }
                ProjectEntry known = project.get(id);
                if (known != null && known.endedAt() != null && theirs.endedAt() == null) {
                    needsWrite |= owned.contains(id); // the end wins, as in the global index
                    continue;
                }
                if (known == null || !owned.contains(id)) {
                    project.put(id, theirs);
                    projectIndexOf.putIfAbsent(id, file);
                    followInGlobal(theirs);
                } else if (!project.get(id).equals(theirs)) {
                    needsWrite = true;
                }
            }
            needsWrite |= lacksOwned(listed, project.keySet());
        }
        if (needsWrite) {
            dirty.add(file);
        }
    }

    /** Whether the file dropped a session zigd writes (another writer's load-change-save raced with zigd's). */
    private boolean lacksOwned(Set<String> listed, Set<String> known) {
        for (String id : known) {
            if (owned.contains(id) && !listed.contains(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A project index entry of a session zigd does not own: the global entry follows it (zig writes the project
     * index first, so a session it starts is listed before the global index catches up, and its end is seen in
     * both). In memory only: the global file is zig's to write.
     */
    private void followInGlobal(ProjectEntry theirs) {
        String id = theirs.zigSessionId();
        GlobalEntry mine = global.get(id);
        if (mine == null) {
            global.put(id, new GlobalEntry(id, theirs.workflowName(),
                    theirs.workspacePath() == null ? "" : theirs.workspacePath(), theirs.logPath(),
                    theirs.startedAt(), theirs.endedAt(), theirs.status()));
            openCount += theirs.endedAt() == null && theirs.status() == null ? 1 : 0;
            changed(global.get(id));
        } else if (mine.isOpen() && theirs.endedAt() != null && !owned.contains(id)) {
            global.put(id, mine.ended(theirs.endedAt(), theirs.status()));
            openCount--;
            changed(global.get(id));
        }
    }

    /** Whether zigd writes this session's log itself (it started it, or took it over). */
    public synchronized boolean isOwned(String id) {
        return owned.contains(id);
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
