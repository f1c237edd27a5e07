package dev.zigd;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The daemon's own threads: one each for the writer, the hub and the index flusher. */
public final class Threads {
    private Threads() {
    }

    /**
     * A single named thread. Daemon threads: they never hold the JVM up; shutdown stops them in order after
     * draining them ({@link Daemon}).
     */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
