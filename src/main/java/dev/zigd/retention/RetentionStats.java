package dev.zigd.retention;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

/** What the clean-up runs have seen and done, for the meters. Updated by the run, read when scraped. */
@Singleton
public class RetentionStats {
    final AtomicLong logBytes = new AtomicLong();
    final AtomicLong archiveBytes = new AtomicLong();
    final AtomicLong sessionsRemoved = new AtomicLong();
    final AtomicLong bytesFreed = new AtomicLong();
    final AtomicLong processesRemoved = new AtomicLong();
    /** Seconds since the epoch when the last run finished; 0 before the first. */
    final AtomicLong lastRunEpochSeconds = new AtomicLong();

    public long logBytes() {
        return logBytes.get();
    }

    public long archiveBytes() {
        return archiveBytes.get();
    }

    public long sessionsRemoved() {
        return sessionsRemoved.get();
    }

    public long bytesFreed() {
        return bytesFreed.get();
    }

    public long processesRemoved() {
        return processesRemoved.get();
    }

    public long lastRunEpochSeconds() {
        return lastRunEpochSeconds.get();
    }
}
