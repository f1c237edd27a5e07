package dev.zigd.forward;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Forwarding in {@code /q/health}: always UP (a broker that is away does not stop the daemon from taking
 * work; the events wait in the logs), with how far behind it is.
 */
@Readiness
@Singleton
public class ForwardHealth implements HealthCheck {
    private final Forwarder forwarder;

    public ForwardHealth(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("zigd-forward").up()
                .withData("enabled", forwarder.enabled());
        if (forwarder.enabled()) {
            response.withData("host", forwarder.host())
                    .withData("connected", forwarder.connected())
                    .withData("lag_events", forwarder.lagEvents())
                    .withData("lag_sessions", forwarder.lagSessions())
                    .withData("forwarded_events", forwarder.forwardedEvents());
            String reason = forwarder.notConnectedReason();
            if (reason != null) {
                response.withData("error", reason);
            }
        }
        return response.build();
    }
}
