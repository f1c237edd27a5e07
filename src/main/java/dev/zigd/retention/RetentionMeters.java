package dev.zigd.retention;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * <ul>
 * <li>{@code zigd_retention_log_bytes}: bytes of the indexed sessions' logs, as of the last run;</li>
 * <li>{@code zigd_retention_archive_bytes}: bytes of their archives ({@code zigd.retention.archive}), same;</li>
 * <li>{@code zigd_retention_sessions_removed_total}: sessions removed or archived;</li>
 * <li>{@code zigd_retention_bytes_freed_total}: bytes that freed;</li>
 * <li>{@code zigd_retention_processes_removed_total}: process entries pruned;</li>
 * <li>{@code zigd_retention_last_run_seconds}: when the last run finished (Unix time; 0: not yet).</li>
 * </ul>
 */
@Singleton
public class RetentionMeters implements MeterBinder {
    private final RetentionStats stats;

    public RetentionMeters(RetentionStats stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("zigd.retention.log.bytes", stats, RetentionStats::logBytes)
                .description("Bytes of the indexed sessions' logs, as of the last clean-up run")
                .strongReference(true).register(registry);
        Gauge.builder("zigd.retention.archive.bytes", stats, RetentionStats::archiveBytes)
                .description("Bytes of archived session logs, as of the last clean-up run")
                .strongReference(true).register(registry);
        Gauge.builder("zigd.retention.last.run.seconds", stats, RetentionStats::lastRunEpochSeconds)
                .description("When the last clean-up run finished, Unix time; 0 before the first")
                .strongReference(true).register(registry);
        FunctionCounter.builder("zigd.retention.sessions.removed", stats, RetentionStats::sessionsRemoved)
                .description("Sessions removed (or archived) by retention").register(registry);
        FunctionCounter.builder("zigd.retention.bytes.freed", stats, RetentionStats::bytesFreed)
                .description("Bytes freed by retention").register(registry);
        FunctionCounter.builder("zigd.retention.processes.removed", stats, RetentionStats::processesRemoved)
                .description("Process entries pruned by retention").register(registry);
    }
}
