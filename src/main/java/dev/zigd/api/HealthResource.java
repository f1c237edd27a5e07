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
import dev.zigd.retention.DiskSpace;
import dev.zigd.stream.EventHub;

/** {@code GET /api/v1/health}: served without a token, also on TCP. */
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final SessionIndex index;
    private final EventHub hub;
    private final String version;
    private final DiskSpace disk;

    public HealthResource(SessionIndex index, EventHub hub, DiskSpace disk,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.disk = disk;
        this.index = index;
        this.hub = hub;
        this.version = version;
    }

    /**
     * {@code storage_problems}: files zigd could not read and kept aside; {@code warnings}: things an operator
     * should see that do not stop the daemon (a nearly full disk). The daemon itself is fine: "ok".
     */
    public record Health(String status, String version, long uptimeMs, int openSessions, int subscribers,
            List<String> storageProblems, List<String> warnings) {
    }

    @GET
    public Health health() {
        return new Health("ok", version, ManagementFactory.getRuntimeMXBean().getUptime(), index.openSessions(),
                hub.subscriberCount(), StorageProblems.all(), disk.warning().map(List::of).orElse(List.of()));
    }
}
