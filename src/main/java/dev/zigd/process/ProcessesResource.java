package dev.zigd.process;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** {@code /api/v1/processes}: zag's process store (api.md "Processes", docs/processes.md). */
@Path("/api/v1/processes")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessesResource {
    private final ProcessStore store;
    private final ProcessControl control;

    public ProcessesResource(ProcessStore store, ProcessControl control) {
        this.store = store;
        this.control = control;
    }

    /** 201 with the stored entry, once it is in processes.json. */
    @POST
    public Uni<RestResponse<ProcessEntry>> register(byte[] body) {
        ProcessEntry entry = ProcessRequests.register(body, Instant.now());
        return store.add(entry).map(stored -> RestResponse.status(RestResponse.Status.CREATED, stored));
    }

    @GET
    @Blocking
    public List<ProcessView> list(@RestQuery String running, @RestQuery String provider, @RestQuery String limit) {
        return control.list(ProcessRequests.running(running), provider, ProcessRequests.limit(limit));
    }

    @GET
    @Blocking
    @Path("/{id}")
    public ProcessView get(@RestPath String id) {
        return control.get(id);
    }

    @POST
    @Blocking
    @Path("/{id}/status")
    public ProcessView status(@RestPath String id, byte[] body) {
        return control.setStatus(id, ProcessRequests.status(body));
    }

    @POST
    @Blocking
    @Path("/{id}/pid")
    public ProcessView pid(@RestPath String id, byte[] body) {
        return control.setPid(id, ProcessRequests.pid(body));
    }

    @POST
    @Blocking
    @Path("/{id}/stop")
    public ProcessView stop(@RestPath String id) {
        return control.stop(id);
    }

    @POST
    @Blocking
    @Path("/{id}/kill")
    public ProcessView kill(@RestPath String id) {
        return control.kill(id);
    }

    @POST
    @Blocking
    @Path("/gc")
    public ProcessControl.GcResult gc(byte[] body) {
        return control.gc(ProcessRequests.gc(body));
    }
}
