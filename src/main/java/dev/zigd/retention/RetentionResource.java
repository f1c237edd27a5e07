package dev.zigd.retention;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /api/v1/sessions/gc} (what goes by age or size; a dry run by default) and
 * {@code DELETE /api/v1/sessions/{id}} (one ended session). Both answer the same document:
 * {@code {"dry_run":…,"archive":…,"count":n,"bytes_freed":n,"truncated":…,
 * "sessions":[{"id","workflow","project","ended_at","bytes"}]}}, listing at most the first 1,000 sessions.
 */
@Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {
    private final Retention retention;

    public RetentionResource(Retention retention) {
        this.retention = retention;
    }

    @POST
    @Blocking
    @Path("/gc")
    public Retention.Report gc(byte[] body) {
        GcRequest request = GcRequest.parse(body, retention.configuredPolicy());
        return retention.sessions(request.policy(), request.dryRun());
    }

    @DELETE
    @Blocking
    @Path("/{id}")
    public Retention.Report delete(@RestPath String id) {
        return retention.deleteOne(id);
    }
}
