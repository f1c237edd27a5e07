package dev.zigd.follow;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.index.SessionIndex;
import dev.zigd.log.SessionLogWriter;
import dev.zigd.log.StoredLinesListener;
import dev.zigd.process.ProcessStore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps zigd in step with the files zig and zag write themselves, on one thread of its own ({@code zigd-follow}):
 * waits for the kernel's change notifications, and on each changed path reads only what it needs — the new bytes
 * of a log, an index file that changed, {@code processes.json} through the process store. Every
 * {@code zigd.follow.rescan-interval} it looks at everything again, in case a notification was lost; twice per
 * zig heartbeat period it checks quiet sessions for a dead zig ({@link DeathWatch}). Starts after the daemon's
 * recovery (so a session recovery ends is not followed), stops before the writer.
 */
@Singleton
public class Follower {
    private static final Logger LOG = Logger.getLogger(Follower.class);
    /** A half-written index (zig writes them in place) is read again after this long. */
    private static final long INDEX_RETRY_MS = 20;

    private final ZigdPaths paths;
    private final SessionIndex index;
    private final ProcessStore processes;
    private final boolean enabled;
    private final long rescanMillis;
    private final SessionTails tails;
    private final DeathWatch deaths;
    private final Map<Path, Object> indexStamps = new HashMap<>();
    private final Set<Path> indexRetries = new LinkedHashSet<>();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile long rescans;

    public Follower(ZigdPaths paths, SessionIndex index, SessionLogWriter writer, ProcessStore processes,
            Instance<StoredLinesListener> listeners, ZigdConfig config) {
        this.paths = paths;
        this.index = index;
        this.processes = processes;
        this.enabled = config.follow().enabled();
        this.rescanMillis = Math.max(1, config.follow().rescanInterval().toMillis());
        this.tails = new SessionTails(index, paths.zigDir(), listeners.stream().toList());
        this.deaths = new DeathWatch(tails, writer, config.follow().zigHeartbeat());
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (!enabled) {
            LOG.info("following zig's and zag's own files is off (zigd.follow.enabled=false)");
            return;
        }
        running = true;
        Thread loop = new Thread(this::run, "zigd-follow");
        loop.setDaemon(true);
        thread = loop;
        loop.start();
    }

    void onStop(@Observes @Priority(0) ShutdownEvent event) {
        running = false;
        Thread loop = thread;
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sessions followed now, lines handed on, rescans done: for metrics and tests. */
    public record Stats(int followed, long linesHandedOn, long logReads, long rescans, long deathChecks) {
    }

    public Stats stats() {
        return new Stats(tails.count(), tails.linesHandedOn(), tails.reads(), rescans, deaths.checks());
    }

    private void run() {
        try (DirectoryWatcher watcher = new DirectoryWatcher()) {
            // zigd's own directory (its socket and token live there too): watched from the start, even when empty.
            Files.createDirectories(paths.zigDir());
            rescan(watcher);
            long nextRescan = System.nanoTime() + rescanMillis * 1_000_000;
            long deathPeriod = Math.max(1, deaths.period().toNanos());
            long nextDeathCheck = System.nanoTime() + deathPeriod;
            while (running) {
                long now = System.nanoTime();
                long wait = Math.min(nextRescan, nextDeathCheck) - now;
                if (!indexRetries.isEmpty()) {
                    wait = Math.min(wait, INDEX_RETRY_MS * 1_000_000);
                }
                DirectoryWatcher.Changes changes = watcher.await(Math.max(1, wait / 1_000_000));
                changes.paths().forEach(path -> changed(watcher, path));
                retryIndexes();
                now = System.nanoTime();
                if (changes.overflow() || now >= nextRescan) {
                    if (changes.overflow()) {
                        LOG.info("change notifications were dropped by the kernel; looking at everything again");
                    }
                    rescan(watcher);
                    nextRescan = System.nanoTime() + rescanMillis * 1_000_000;
                }
                if (now >= nextDeathCheck) {
                    deaths.check();
                    nextDeathCheck = System.nanoTime() + deathPeriod;
                }
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            LOG.error("following zig's files stopped", e);
        }
    }

    private void changed(DirectoryWatcher watcher, Path path) {
        Path name = path.getFileName();
        String file = name == null ? "" : name.toString();
        if (file.endsWith(".jsonl") && isSessionsDir(path.getParent())) {
            tails.logChanged(path);
        } else if (path.equals(paths.globalIndex()) || (file.equals("index.json") && isLogsDir(path.getParent()))) {
            indexChanged(path);
        } else if (path.equals(paths.zagDir())) {
            watchZag(watcher);
            refreshProcesses();
        } else if (path.equals(processes.file())) {
            refreshProcesses();
        } else if (Files.isDirectory(path) && watchTree(watcher, path)) {
            // A new directory (.zig/projects, a project, logs, sessions): created with what is below it in one go
            // (create_dir_all, then the log), before zigd watched it; what it holds already is looked at now.
            scanDirectory(watcher, path);
        }
    }

    private void indexChanged(Path file) {
        if (index.followDisk(file)) {
            indexStamps.put(file, stamp(file));
            indexRetries.remove(file);
            tails.reconcile();
        } else {
            indexRetries.add(file);
        }
    }

    private void retryIndexes() {
        for (Path file : List.copyOf(indexRetries)) {
            indexChanged(file);
        }
    }

    /** Everything looked at again: directories watched, indexes that changed, logs, processes.json. */
    private void rescan(DirectoryWatcher watcher) {
        rescans++;
        watchTree(watcher, paths.zigDir());
        watchZag(watcher);
        for (Path indexFile : indexFiles()) {
            Object now = stamp(indexFile);
            if (now != null && !now.equals(indexStamps.get(indexFile))) {
                indexChanged(indexFile);
            }
        }
        tails.reconcile();
        tails.tailAll();
        if (Files.exists(processes.file())) {
            refreshProcesses();
        }
    }

    /**
     * {@code .zag} is zag's: until it exists, the home directory is watched for it to appear (zigd does not create
     * it for zag).
     */
    private void watchZag(DirectoryWatcher watcher) {
        if (watcher.watch(paths.zagDir())) {
            watcher.unwatch(paths.home());
        } else {
            watcher.watch(paths.home());
        }
    }

    private void refreshProcesses() {
        processes.refresh().subscribe().with(ok -> {
        }, failure -> LOG.debugf("processes.json not read: %s", failure.getMessage()));
    }

    /** Watches {@code dir} and the directories below it that can hold zig's files; true if it is one of them. */
    private boolean watchTree(DirectoryWatcher watcher, Path dir) {
        List<Path> dirs = new ArrayList<>();
        if (dir.equals(paths.zigDir())) {
            dirs.add(dir);
            dirs.addAll(logsDirs(dir.resolve("logs")));
            dirs.add(paths.projectsDir());
            for (Path project : children(paths.projectsDir())) {
                dirs.add(project);
                dirs.addAll(logsDirs(project.resolve("logs")));
            }
        } else if (dir.equals(paths.projectsDir())) {
            dirs.add(dir);
            for (Path project : children(dir)) {
                dirs.add(project);
                dirs.addAll(logsDirs(project.resolve("logs")));
            }
        } else if (paths.projectsDir().equals(dir.getParent())) {
            dirs.add(dir);
            dirs.addAll(logsDirs(dir.resolve("logs")));
        } else if (isLogsDir(dir)) {
            dirs.addAll(logsDirs(dir));
        } else if (isSessionsDir(dir)) {
            dirs.add(dir);
        } else {
            return false;
        }
        dirs.forEach(watcher::watch);
        return true;
    }

    /** After a directory appeared: the files it already holds (created before it was watched). */
    private void scanDirectory(DirectoryWatcher watcher, Path dir) {
        for (Path child : children(dir)) {
            if (Files.isDirectory(child)) {
                watchTree(watcher, child);
                scanDirectory(watcher, child);
            } else {
                String name = child.getFileName().toString();
                if (name.endsWith(".jsonl") && isSessionsDir(dir)) {
                    tails.logChanged(child);
                } else if (name.equals("index.json") && isLogsDir(dir)) {
                    indexChanged(child);
                }
            }
        }
    }

    private static List<Path> logsDirs(Path logs) {
        return List.of(logs, logs.resolve("sessions"));
    }

    private boolean isLogsDir(Path dir) {
        if (dir == null || !dir.getFileName().toString().equals("logs")) {
            return false;
        }
        Path parent = dir.getParent();
        return paths.zigDir().equals(parent) || (parent != null && paths.projectsDir().equals(parent.getParent()));
    }

    private boolean isSessionsDir(Path dir) {
        return dir != null && dir.getFileName().toString().equals("sessions") && isLogsDir(dir.getParent());
    }

    private List<Path> indexFiles() {
        List<Path> files = new ArrayList<>();
        files.add(paths.globalIndex());
        files.add(paths.zigDir().resolve("logs").resolve("index.json"));
        for (Path project : children(paths.projectsDir())) {
            files.add(project.resolve("logs").resolve("index.json"));
        }
        return files;
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(out::add);
        } catch (IOException e) {
            LOG.debugf("cannot list %s: %s", dir, e.getMessage());
        }
        return out;
    }

    /** Size, modification time and inode, or null when the file does not exist. */
    private static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime(), Objects.requireNonNullElse(a.fileKey(), ""));
        } catch (IOException e) {
            return null;
        }
    }
}
