package dev.zigd.process;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the process store at start and writes what it has accepted at shutdown. Kept here rather than in
 * {@code dev.zigd.Daemon}: the store depends on no other part of the daemon, so its order among them is free.
 */
@Singleton
class ProcessLifecycle {
    private final ProcessStore store;

    ProcessLifecycle(ProcessStore store) {
        this.store = store;
    }

    void onStart(@Observes StartupEvent event) {
        store.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        store.stop(Duration.ofSeconds(10));
    }
}
