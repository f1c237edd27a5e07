package dev.zigd.follow;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's change notification for a set of directories (inotify on Linux). Directories are watched rather
 * than files: zag replaces {@code processes.json} by rename, and zig creates a log per session. Follower thread
 * only (the service's own thread reads the kernel queue).
 */
final class DirectoryWatcher implements AutoCloseable {

    /** What one wait brought: the paths that changed (each once), and whether the kernel dropped events. */
    record Changes(Set<Path> paths, boolean overflow) {
    }

    private final WatchService service;
    private final Map<WatchKey, Path> directories = new HashMap<>();
    private final Set<Path> watched = new java.util.HashSet<>();

    DirectoryWatcher() throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
    }

    /** Watches {@code dir} if it exists and is not watched yet; true if it is watched now. */
    boolean watch(Path dir) {
        if (watched.contains(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            directories.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
            watched.add(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops watching {@code dir} (if it was). */
    void unwatch(Path dir) {
        if (watched.remove(dir)) {
            directories.entrySet().removeIf(e -> {
                if (e.getValue().equals(dir)) {
                    e.getKey().cancel();
                    return true;
                }
                return false;
            });
        }
    }

    int watchedCount() {
        return watched.size();
    }

    /** Waits up to {@code timeoutMillis} for a change, then takes every change already queued. */
    Changes await(long timeoutMillis) throws InterruptedException {
        Set<Path> paths = new LinkedHashSet<>();
        boolean overflow = false;
        WatchKey key;
        try {
            key = timeoutMillis <= 0 ? service.poll() : service.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            while (key != null) {
                overflow |= drain(key, paths);
                key = service.poll();
            }
        } catch (ClosedWatchServiceException e) {
            throw new InterruptedException("watcher closed");
        }
        return new Changes(paths, overflow);
    }

    private boolean drain(WatchKey key, Set<Path> paths) {
        Path dir = directories.get(key);
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                overflow = true;
            } else if (dir != null && event.context() instanceof Path name) {
                paths.add(dir.resolve(name));
            }
        }
        if (!key.reset() && dir != null) {
            // The directory is gone; watched again if it comes back (the rescan looks).
            directories.remove(key);
            watched.remove(dir);
        }
        return overflow;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
