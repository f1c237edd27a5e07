package dev.zigd.api;

import java.lang.management.ManagementFactory;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.zigd.index.SessionIndex;
import dev.zigd.stream.EventHub;

/** {@code GET /api/v1/health}: served without a token, also on TCP. */
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final SessionIndex index;
    private final EventHub hub;
    private final String version;

    public HealthResource(SessionIndex index, EventHub hub,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.index = index;
        this.hub = hub;
        this.version = version;
    }

    public record Health(String status, String version, long uptimeMs, int openSessions, int subscribers) {
    }

    @GET
    public Health health() {
        return new Health("ok", version, ManagementFactory.getRuntimeMXBean().getUptime(), index.openSessions(),
                hub.subscriberCount());
    }
}
