package dev.zigd.process;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the store's writer can be asked to do; each command is applied to the freshly read file, or fails alone. */
sealed interface StoreCommand {

    /** Whether the command may change the file (a refresh only reads it). */
    default boolean writes() {
        return true;
    }

    /** Adds an entry, replacing one with the same id. */
    record Add(ProcessEntry entry, CompletableFuture<ProcessEntry> done) implements StoreCommand {
    }

    /** zag's {@code update_status}: status, exit code, {@code exited_at} = now. */
    record SetStatus(String id, String status, Integer exitCode, CompletableFuture<ProcessEntry> done)
            implements StoreCommand {
    }

    /** Points an entry at another pid (the real agent child). */
    record SetPid(String id, long pid, CompletableFuture<ProcessEntry> done) implements StoreCommand {
    }

    /** Removes the entries that are not running (or whose process is gone) and started before {@code cutoff}. */
    record Collect(Instant cutoff, CompletableFuture<List<String>> done) implements StoreCommand {
    }

    /** Reads the file again if it changed, so readers see what another writer wrote. */
    record Refresh(CompletableFuture<Void> done) implements StoreCommand {
        @Override
        public boolean writes() {
            return false;
        }
    }

    CompletableFuture<?> done();
}
