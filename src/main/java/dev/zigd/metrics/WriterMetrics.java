package dev.zigd.metrics;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import dev.zigd.log.BatchObserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the writer wrote: events, batches (and how many events each held), log writes, and the time each batch's
 * writes took. Updated once per batch on the writer thread; every update is a few lock-free additions.
 *
 * <ul>
 * <li>{@code zigd_events_written_total}: event lines written, heartbeats included;</li>
 * <li>{@code zigd_batch_events_count}, {@code _sum}, {@code _max}: batches written, and events per batch;</li>
 * <li>{@code zigd_log_writes_total}: write calls to session logs (one per session touched by a batch);</li>
 * <li>{@code zigd_batch_write_seconds_count}, {@code _sum}, {@code _max}: time spent writing (and, with
 * {@code zigd.durability=fsync}, syncing) a batch's logs.</li>
 * </ul>
 */
@Singleton
public class WriterMetrics implements BatchObserver {
    private final Counter events;
    private final Counter logWrites;
    private final DistributionSummary batchEvents;
    private final Timer batchWrite;

    public WriterMetrics(MeterRegistry registry) {
        events = Counter.builder("zigd.events.written")
                .description("Event lines written to session logs, heartbeats included")
                .register(registry);
        logWrites = Counter.builder("zigd.log.writes")
                .description("Write calls to session logs: one per session touched by a batch")
                .register(registry);
        batchEvents = DistributionSummary.builder("zigd.batch.events")
                .description("Events per written batch; its count is the number of batches")
                .register(registry);
        batchWrite = Timer.builder("zigd.batch.write")
                .description("Time spent writing (and syncing) one batch's session logs")
                .register(registry);
    }

    @Override
    public void batchWritten(int events, int sessions, long nanos) {
        this.events.increment(events);
        logWrites.increment(sessions);
        batchEvents.record(events);
        batchWrite.record(nanos, TimeUnit.NANOSECONDS);
    }
}
