package dev.zigd.forward;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code zigd_forward_lag_events}, {@code zigd_forward_lag_sessions}, {@code zigd_forward_connected} (1/0) and
 * {@code zigd_forward_events_total}; read when scraped.
 */
@Singleton
public class ForwardMeters implements MeterBinder {
    private final Forwarder forwarder;

    public ForwardMeters(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("zigd.forward.lag.events", forwarder, Forwarder::lagEvents)
                .description("Events written but not yet acknowledged by the broker")
                .strongReference(true).register(registry);
        Gauge.builder("zigd.forward.lag.sessions", forwarder, Forwarder::lagSessions)
                .description("Sessions with events not yet acknowledged by the broker")
                .strongReference(true).register(registry);
        Gauge.builder("zigd.forward.connected", forwarder, f -> f.connected() ? 1 : 0)
                .description("1 while connected to the broker")
                .strongReference(true).register(registry);
        FunctionCounter.builder("zigd.forward.events", forwarder, Forwarder::forwardedEvents)
                .description("Events the broker acknowledged").register(registry);
    }
}
