package dev.zigd.api;

import java.lang.management.ManagementFactory;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.zigd.files.StorageProblems;
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

    /** {@code storage_problems}: files zigd could not read and kept aside (the daemon itself is fine: "ok"). */
    public record Health(String status, String version, long uptimeMs, int openSessions, int subscribers,
            List<String> storageProblems) {
    }

    @GET
    public Health health() {
        List<String> problems = StorageProblems.all();
        return new Health("ok", version,
                ManagementFactory.getRuntimeMXBean().getUptime(), index.openSessions(), hub.subscriberCount(), problems);
    }
}
