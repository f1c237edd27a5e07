package dev.zigd.api;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import dev.zigd.error.ZigdException;
import dev.zigd.event.EventBody;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.Timestamps;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.Projects.Project;
import dev.zigd.index.Projects;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.Leases;
import dev.zigd.log.Appended;
import dev.zigd.log.SessionLogWriter;
import dev.zigd.log.Started;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** {@code /api/v1/sessions}: start sessions, append events, list them ({@link SessionReadRoute} reads one). */
@jakarta.ws.rs.Path("/api/v1/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {
    private final SessionLogWriter writer;
    private final SessionIndex index;
    private final Projects projects;
    private final Leases leases;

    public SessionsResource(SessionLogWriter writer, SessionIndex index, Projects projects, Leases leases) {
        this.leases = leases;
        this.writer = writer;
        this.index = index;
        this.projects = projects;
    }

    /** 201 once {@code zig_session_started} is in the log as seq 1 and both indexes list the session. */
    @POST
    public Uni<RestResponse<Started>> start(byte[] body) {
        StartRequest request = StartRequest.decode(body);
        String id = UUID.randomUUID().toString();
        // Resolving the project looks for .git, and the lease goes to disk before the log exists: a worker thread.
        return Uni.createFrom().item(() -> {
            Project project = projects.resolve(request.cwd(), request.root());
            leases.prepare(id, request.ownerPid());
            return project;
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(project -> writer.start(request.in(id, project))
                        .onFailure().invoke(() -> leases.abandon(id)))
                .invoke(started -> leases.started(id, request.ownerPid(), Timestamps.parse(started.startedAt()).orElseThrow()))
                .map(started -> RestResponse.status(RestResponse.Status.CREATED, started));
    }

    /** Appends one event or an array of them, all or nothing; answers once they are written. */
    @POST
    @jakarta.ws.rs.Path("/{id}/events")
    public Uni<Appended> append(@RestPath String id, byte[] body) {
        // A request that ended the session touches nothing: Leases ignores a session that is no longer open.
        return writer.append(id, EventDecoder.decodeClientEvents(body)).invoke(range -> leases.touch(id));
    }

    @GET
    @Blocking
    public List<GlobalEntry> list(@RestQuery String project, @RestQuery String status, @RestQuery String workflow,
            @RestQuery String limit) {
        Long max = Query.nonNegative("limit", limit);
        Predicate<GlobalEntry> filter = e -> true;
        if (project != null && !project.isEmpty()) {
            var named = projects.forQuery("project", project);
            if (named.isEmpty()) {
                return List.of();
            }
            String workspace = named.get().storageDir().toString();
            filter = filter.and(e -> e.project().equals(workspace));
        }
        if (status != null && !status.isEmpty()) {
            filter = filter.and(statusFilter(status));
        }
        if (workflow != null && !workflow.isEmpty()) {
            filter = filter.and(e -> e.workflowName().equals(workflow));
        }
        return index.list(filter, max == null ? Integer.MAX_VALUE : (int) Math.min(max, Integer.MAX_VALUE));
    }

    private static Predicate<GlobalEntry> statusFilter(String status) {
        return switch (status) {
            case "running" -> GlobalEntry::isOpen;
            case "success" -> e -> e.status() == EventBody.SessionStatus.SUCCESS;
            case "failure" -> e -> e.status() == EventBody.SessionStatus.FAILURE;
            default -> throw ZigdException.badRequest(
                    "query parameter 'status' must be one of running, success, failure, got '" + status + "'");
        };
    }
}
