package dev.zigd.process;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.Mailbox;
import dev.zigd.config.ZigdPaths;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;
import dev.zigd.event.PrettyList;
import dev.zigd.files.AtomicFile;
import dev.zigd.files.StorageProblems;
import dev.zigd.process.ProcessFile.Read;
import dev.zigd.process.ProcessFile.Stamp;
import dev.zigd.process.Snapshot.PidSince;

import io.smallrye.mutiny.Uni;

/**
 * The one writer of {@code <home>/.zag/processes.json} in zigd.
 *
 * <p>Commands arrive as one Mutiny stream and are handled on the store's own thread. Everything delivered together
 * is one batch, written with one {@link AtomicFile#write}. Before each batch the file is read again and compared
 * with the bytes zigd last read or wrote: {@code zag} writes the file too (load, change, temp + rename, no lock), so
 * when it differs, the batch starts from the file as it is now, and zigd's commands are applied on top of it. An
 * entry another writer added or changed is kept; a field a zigd command sets wins for that field. A command is
 * answered only once the file holding it is renamed into place.
 *
 * <p>A file that does not parse is never overwritten silently: it is copied aside as
 * {@code processes.json.corrupt-<timestamp>} and logged; readers keep the last good state; a write that finds it
 * fails with 500 {@code storage_failed} (not applied), and in the same step the file is rewritten from the last good
 * state, so the next write, and zag, work again. See docs/processes.md.
 */
@Singleton
public class ProcessStore {
    private static final Logger LOG = Logger.getLogger(ProcessStore.class);

    private final Path file;
    private final Mailbox<StoreCommand> mailbox = new Mailbox<>("zigd-processes");
    private boolean started;

    /** What readers see; replaced (never changed) by the store's thread. */
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    /** The stamp of the file version last looked at; null when unknown, so the next read looks again. */
    private volatile Stamp lastStamp;
    private final List<Consumer<Snapshot>> snapshotListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    // The store's thread only (and start(), before the thread runs).
    private final PrettyList<ProcessEntry> encoder = new PrettyList<>("processes");
    /** The last good state: the entries of {@link #goodBytes}, or none when the file does not exist. */
    private List<ProcessEntry> base = List.of();
    /** The bytes of the last good version zigd read or wrote; null when the file did not exist. */
    private byte[] goodBytes;
    private final Map<String, PidSince> pidSince = new HashMap<>();
    private String corruptDigest;
    private Path corruptCopy;

    @Inject
    public ProcessStore(ZigdPaths paths) {
        this(paths.zagDir().resolve("processes.json"));
    }

    public ProcessStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** Loads the file and starts taking commands. Blocking; called once at start. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        load();
        mailbox.start(this::runBatch, () -> {
        });
    }

    /** Stops taking commands and writes everything already submitted. */
    public void stop(Duration timeout) {
        mailbox.stop(timeout);
    }

    // ---- the API ---------------------------------------------------------------------------------------------

    /** Adds an entry (replacing one with the same id); answers the stored entry once it is in the file. */
    public Uni<ProcessEntry> add(ProcessEntry entry) {
        return submit(done -> new StoreCommand.Add(entry, done));
    }

    /** Sets {@code status}, {@code exit_code} and {@code exited_at} = now. */
    public Uni<ProcessEntry> updateStatus(String id, String status, Integer exitCode) {
        return submit(done -> new StoreCommand.SetStatus(id, status, exitCode, done));
    }

    public Uni<ProcessEntry> updatePid(String id, long pid) {
        return submit(done -> new StoreCommand.SetPid(id, pid, done));
    }

    /** Removes entries not running (or whose process is gone) that started before {@code cutoff}; their ids. */
    public Uni<List<String>> collect(Instant cutoff) {
        return submit(done -> new StoreCommand.Collect(cutoff, done));
    }

    /** Reads the file again (if it changed) so the snapshot shows what other writers wrote. */
    public Uni<Void> refresh() {
        return submit(StoreCommand.Refresh::new);
    }

    /** The last good state, as it is in memory now. */
    public Snapshot snapshot() {
        return snapshot;
    }

    /**
     * The last good state, after reading the file again if another writer changed it since zigd last looked (a
     * {@code stat} decides). Blocking: call from a worker thread.
     */
    public Snapshot fresh() {
        Stamp now;
        try {
            now = Stamp.of(file);
        } catch (IOException e) {
            return snapshot;
        }
        if (!now.sameAs(lastStamp)) {
            try {
                refresh().await().atMost(Duration.ofSeconds(30));
            } catch (ZigdException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
            }
        }
        return snapshot;
    }

    private <T> Uni<T> submit(Function<CompletableFuture<T>, StoreCommand> command) {
        return mailbox.submit(command, () -> started ? "zigd is shutting down" : "the process store is not started yet");
    }

    // ---- the store's thread ----------------------------------------------------------------------------------

    private void load() {
        Look look = look();
        switch (look.kind) {
            case GOOD -> LOG.infof("loaded %s from %s", dev.zigd.Plural.count(base.size(), "process", "processes"), file);
            case MISSING -> LOG.debugf("no process store at %s yet", file);
            case CORRUPT -> LOG.errorf("starting with no processes: %s does not parse; a copy is at %s", file,
                    corruptCopy);
            case UNREADABLE -> LOG.errorf("starting with no processes: cannot read %s: %s", file, look.problem);
        }
    }

    private void runBatch(List<StoreCommand> commands) {
        try {
            apply(commands);
        } catch (RuntimeException e) {
            LOG.error("process store batch failed unexpectedly", e);
            ZigdException error = new ZigdException(ErrorCode.INTERNAL, "internal error: " + e);
            commands.forEach(c -> c.done().completeExceptionally(error));
        }
    }

    private void apply(List<StoreCommand> commands) {
        boolean writes = commands.stream().anyMatch(StoreCommand::writes);
        Look look = look();
        if (look.kind == Kind.UNREADABLE) {
            ZigdException error = new ZigdException(ErrorCode.STORAGE_FAILED,
                    "cannot read process store " + file + ": " + look.problem);
            finish(commands, c -> error);
            return;
        }
        if (look.kind == Kind.CORRUPT) {
            ZigdException error = writes ? restoreAfterCorruption(look) : null;
            finish(commands, c -> error);
            return;
        }

        // The file as it is now (base), with zigd's commands on top.
        List<ProcessEntry> working = new ArrayList<>(base);
        Map<String, PidSince> pidUpdates = new HashMap<>();
        List<Runnable> answers = new ArrayList<>(commands.size());
        List<StoreCommand> applied = new ArrayList<>(commands.size());
        Instant now = Instant.now();
        for (StoreCommand command : commands) {
            try {
                Runnable answer = applyOne(command, working, pidUpdates, now);
                answers.add(answer);
                applied.add(command);
            } catch (ZigdException e) {
                command.done().completeExceptionally(e);
            }
        }
        if (!working.equals(base)) {
            byte[] bytes = encoder.encode(working);
            try {
                AtomicFile.write(file, bytes);
            } catch (IOException e) {
                LOG.errorf("cannot write %s: %s", file, e);
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                ZigdException error = new ZigdException(ErrorCode.STORAGE_FAILED,
                        "cannot write process store " + file + ": " + reason, e);
                applied.forEach(c -> c.done().completeExceptionally(error));
                return;
            }
            base = List.copyOf(working);
            goodBytes = bytes;
            pidUpdates.forEach((id, since) -> {
                if (since == null) {
                    pidSince.remove(id);
                } else {
                    pidSince.put(id, since);
                }
            });
            pidSince.keySet().retainAll(ids(base));
            lastStamp = stampOfOwnWrite(bytes.length);
            publish();
        }
        answers.forEach(Runnable::run);
    }

    /** Applies one command to {@code working}; returns how to answer it once the file is written. */
    private Runnable applyOne(StoreCommand command, List<ProcessEntry> working, Map<String, PidSince> pidUpdates,
            Instant now) {
        if (command instanceof StoreCommand.Add add) {
            ProcessEntry entry = add.entry();
            working.removeIf(e -> e.id().equals(entry.id()));
            working.add(entry);
            pidUpdates.put(entry.id(), null); // registered with this pid: started_at says when
            return () -> add.done().complete(entry);
        }
        if (command instanceof StoreCommand.SetStatus set) {
            int at = indexOf(working, set.id());
            ProcessEntry entry = working.get(at).withStatus(set.status(), set.exitCode(), now);
            working.set(at, entry);
            return () -> set.done().complete(entry);
        }
        if (command instanceof StoreCommand.SetPid set) {
            int at = indexOf(working, set.id());
            ProcessEntry entry = working.get(at).withPid(set.pid());
            working.set(at, entry);
            pidUpdates.put(set.id(), new PidSince(set.pid(), now));
            return () -> set.done().complete(entry);
        }
        if (command instanceof StoreCommand.Collect collect) {
            List<ProcessEntry> removable = new Snapshot(working, merged(pidUpdates)).collectable(collect.cutoff());
            List<String> removed = removable.stream().map(ProcessEntry::id).distinct().toList();
            Set<ProcessEntry> gone = new HashSet<>(removable);
            working.removeIf(gone::contains);
            return () -> collect.done().complete(removed);
        }
        if (command instanceof StoreCommand.Refresh refresh) {
            return () -> refresh.done().complete(null);
        }
        throw new IllegalStateException("unknown command " + command);
    }

    private Map<String, PidSince> merged(Map<String, PidSince> updates) {
        Map<String, PidSince> all = new HashMap<>(pidSince);
        updates.forEach((id, since) -> {
            if (since == null) {
                all.remove(id);
            } else {
                all.put(id, since);
            }
        });
        return all;
    }

    private static int indexOf(List<ProcessEntry> entries, String id) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id().equals(id)) {
                return i;
            }
        }
        throw notFound(id);
    }

    static ZigdException notFound(String id) {
        return new ZigdException(ErrorCode.NOT_FOUND, "Process not found: " + id);
    }

    private static void finish(List<StoreCommand> commands, Function<StoreCommand, ZigdException> failure) {
        for (StoreCommand command : commands) {
            ZigdException error = command.writes() ? failure.apply(command) : null;
            if (error == null) {
                command.done().complete(null);
            } else {
                command.done().completeExceptionally(error);
            }
        }
    }

    // ---- reading the file, merging other writers' versions -----------------------------------------------------

    private enum Kind {
        GOOD, MISSING, CORRUPT, UNREADABLE
    }

    private record Look(Kind kind, byte[] bytes, String problem) {
    }

    /**
     * Reads the file and, when it is not the version zigd last read or wrote, takes it as the new base: another
     * writer's version, with its additions and changes. Publishes the new state for readers.
     */
    private Look look() {
        Read read;
        try {
            read = ProcessFile.read(file);
        } catch (IOException e) {
            return new Look(Kind.UNREADABLE, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        lastStamp = read.stamp();
        if (read.missing()) {
            if (goodBytes != null || !base.isEmpty()) {
                LOG.infof("%s was removed by another program; zigd starts it again from no entries", file);
            }
            adopt(List.of(), null);
            return new Look(Kind.MISSING, null, null);
        }
        if (goodBytes != null && Arrays.equals(read.bytes(), goodBytes)) {
            return new Look(Kind.GOOD, read.bytes(), null);
        }
        List<ProcessEntry> entries;
        try {
            entries = ProcessFile.decode(read.bytes());
        } catch (InvalidInputException e) {
            keepAside(read.bytes(), e.getMessage());
            return new Look(Kind.CORRUPT, read.bytes(), e.getMessage());
        }
        if (goodBytes != null) {
            LOG.debugf("%s was changed by another writer: %d entries, zigd had %d", file, entries.size(), base.size());
        }
        adopt(entries, read.bytes());
        return new Look(Kind.GOOD, read.bytes(), null);
    }

    /** Takes another writer's version as the base; a pid it changed counts as recorded now (see Snapshot). */
    private void adopt(List<ProcessEntry> entries, byte[] bytes) {
        Map<String, ProcessEntry> previous = new HashMap<>();
        base.forEach(e -> previous.putIfAbsent(e.id(), e));
        Instant now = Instant.now();
        List<ProcessEntry> adopted = new ArrayList<>(entries.size());
        for (ProcessEntry entry : entries) {
            ProcessEntry before = previous.get(entry.id());
            if (before != null && before.pid() != entry.pid()) {
                pidSince.put(entry.id(), new PidSince(entry.pid(), now));
            }
            // An unchanged entry keeps its instance, so the encoder reuses its bytes.
            adopted.add(entry.equals(before) ? before : entry);
        }
        base = List.copyOf(adopted);
        goodBytes = bytes;
        pidSince.keySet().retainAll(ids(base));
        publish();
    }

    /**
     * A write found the file unparseable: the commands are refused, and the file is rewritten from the last good
     * state (if it still holds the bytes found), so that the next write and zag work again. The copy kept aside
     * holds what it had.
     */
    private ZigdException restoreAfterCorruption(Look look) {
        String restored;
        try {
            Read again = ProcessFile.read(file);
            if (!again.missing() && Arrays.equals(again.bytes(), look.bytes())) {
                byte[] bytes = encoder.encode(base);
                AtomicFile.write(file, bytes);
                goodBytes = bytes;
                lastStamp = stampOfOwnWrite(bytes.length);
                restored = "zigd rewrote it from its last good state (" + base.size() + " entries)";
                LOG.errorf("%s did not parse; rewrote it from the last good state (%d entries); the unparseable"
                        + " version is kept at %s", file, base.size(), corruptCopy);
            } else {
                restored = "it has been replaced again since";
            }
        } catch (IOException e) {
            restored = "rewriting it from zigd's last good state failed too (" + e.getMessage() + ")";
            LOG.errorf("cannot rewrite %s from the last good state: %s", file, e);
        }
        String copy = corruptCopy == null ? "no copy could be kept (see the daemon log)" : "a copy is kept at " + corruptCopy;
        return new ZigdException(ErrorCode.STORAGE_FAILED, "process store " + file + " does not parse ("
                + look.problem() + "); " + copy + "; " + restored + "; this request was not applied: send it again");
    }

    /** Copies an unparseable version aside, once per distinct content. */
    private void keepAside(byte[] bytes, String problem) {
        String digest = sha256(bytes);
        if (digest.equals(corruptDigest)) {
            return;
        }
        corruptDigest = digest;
        Path aside;
        try {
            try {
                aside = AtomicFile.keepAside(file);
                if (!Arrays.equals(Files.readAllBytes(aside), bytes)) {
                    Files.write(aside, bytes, StandardOpenOption.TRUNCATE_EXISTING); // replaced since it was read
                }
            } catch (NoSuchFileException | FileAlreadyExistsException e) {
                aside = file.resolveSibling(file.getFileName() + ".corrupt-"
                        + Instant.now().toString().replace(':', '-') + "-" + digest.substring(0, 8));
                Files.write(aside, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            corruptCopy = aside;
            StorageProblems.report("process store " + file + " did not parse; a copy is at " + aside);
            LOG.errorf("process store %s does not parse (%s); kept a copy at %s; readers get the last good state"
                    + " (%d entries) and the next write rewrites the file from it", file, problem, aside, base.size());
        } catch (IOException e) {
            corruptCopy = null;
            LOG.errorf("process store %s does not parse (%s) and could not be copied aside: %s", file, problem, e);
        }
    }

    /** The stamp of the file zigd just renamed into place; unknown if another writer may have replaced it since. */
    private Stamp stampOfOwnWrite(int length) {
        try {
            Stamp stamp = Stamp.of(file);
            return stamp.size() == length ? stamp : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void publish() {
        snapshot = new Snapshot(base, pidSince);
        for (Consumer<Snapshot> listener : snapshotListeners) {
            listener.accept(snapshot);
        }
    }

    /**
     * Called on the store's thread with every new state (zigd's own writes and other writers' versions it read):
     * must be quick and must not block.
     */
    public void onSnapshot(Consumer<Snapshot> listener) {
        snapshotListeners.add(listener);
    }

    private static Set<String> ids(List<ProcessEntry> entries) {
        Set<String> ids = new HashSet<>();
        entries.forEach(e -> ids.add(e.id()));
        return ids;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
