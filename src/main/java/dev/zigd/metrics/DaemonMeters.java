package dev.zigd.metrics;

import jakarta.inject.Singleton;

import dev.zigd.index.IndexFlusher;
import dev.zigd.index.SessionIndex;
import dev.zigd.stream.EventHub;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Figures the daemon already keeps, read only when the metrics are scraped (nothing is counted twice):
 * <ul>
 * <li>{@code zigd_sessions_open}: sessions in the indexes that have not ended;</li>
 * <li>{@code zigd_subscribers}: open streams (WebSocket, SSE, subscribe);</li>
 * <li>{@code zigd_subscribers_cut_off_total}: subscribers closed because they could not keep up;</li>
 * <li>{@code zigd_index_writes_total}: index files written.</li>
 * </ul>
 * Micrometer holds a function counter's object weakly; these are singletons that the container keeps for the
 * daemon's whole life.
 */
@Singleton
public class DaemonMeters implements MeterBinder {
    private final SessionIndex index;
    private final EventHub hub;
    private final IndexFlusher flusher;

    public DaemonMeters(SessionIndex index, EventHub hub, IndexFlusher flusher) {
        this.index = index;
        this.hub = hub;
        this.flusher = flusher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("zigd.sessions.open", index, SessionIndex::openSessions)
                .description("Sessions in the indexes that have not ended")
                .strongReference(true)
                .register(registry);
        Gauge.builder("zigd.subscribers", hub, EventHub::subscriberCount)
                .description("Open event streams")
                .strongReference(true)
                .register(registry);
        FunctionCounter.builder("zigd.subscribers.cut.off", hub, EventHub::subscribersCutOff)
                .description("Subscribers closed because their buffer filled")
                .register(registry);
        FunctionCounter.builder("zigd.index.writes", flusher, IndexFlusher::filesWritten)
                .description("Index files written")
                .register(registry);
    }
}
