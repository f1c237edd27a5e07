package dev.zigd.fleet;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** The fleet view in {@code /q/health}: UP (the local daemon works without it), with its state as data. */
@Readiness
@Singleton
public class FleetHealth implements HealthCheck {
    private final FleetConnection fleet;
    private final FleetDirectory directory;

    public FleetHealth(FleetConnection fleet, FleetDirectory directory) {
        this.fleet = fleet;
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("zigd-fleet").up()
                .withData("enabled", fleet.enabled());
        if (fleet.enabled()) {
            response.withData("connected", fleet.connected())
                    .withData("loaded", directory.loaded())
                    .withData("hosts", directory.hosts().size())
                    .withData("sessions", directory.sessionCount())
                    .withData("processes", directory.processCount());
            String reason = fleet.notConnectedReason();
            if (reason != null) {
                response.withData("error", reason);
            }
        }
        return response.build();
    }
}
