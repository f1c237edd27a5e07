package dev.zigd.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import dev.zigd.api.Query;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.ZigJson;

import io.smallrye.common.annotation.Blocking;

/**
 * {@code /api/v1/fleet/...}: the read API of docs/api.md for every host, from the broker (docs/fleet.md). Same
 * shapes as {@code /api/v1/sessions} and {@code /api/v1/processes}, each item with {@code "host"} first.
 * Everything that would write answers 405: a host's sessions are written by that host's own zigd.
 */
@Path("/api/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {
    private static final int DEFAULT_LIMIT = Integer.MAX_VALUE;

    private final FleetConnection fleet;
    private final FleetDirectory directory;

    public FleetResource(FleetConnection fleet, FleetDirectory directory) {
        this.fleet = fleet;
        this.directory = directory;
    }

    @GET
    @Path("/hosts")
    public List<ObjectNode> hosts() {
        fleet.require();
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<String, int[]> host : directory.hosts().entrySet()) {
            out.add(ZigJson.MAPPER.createObjectNode().put("host", host.getKey())
                    .put("sessions", host.getValue()[0]).put("open_sessions", host.getValue()[1])
                    .put("processes", host.getValue()[2]));
        }
        return out;
    }

    @GET
    @Path("/sessions")
    public List<ObjectNode> sessions(@RestQuery String host, @RestQuery String project, @RestQuery String status,
            @RestQuery String workflow, @RestQuery String limit) {
        fleet.require();
        Predicate<FleetDirectory.Item> filter = item -> (host == null || host.equals(item.host()))
                && (project == null || project.equals(item.project()))
                && (workflow == null || workflow.equals(item.workflowName()))
                && status(status).test(item);
        return directory.sessions(filter, limit(limit)).stream().map(FleetResource::withHost).toList();
    }

    @GET
    @Blocking
    @Path("/sessions/{host}/{sel}")
    public ObjectNode session(@RestPath String host, @RestPath String sel, @RestQuery("after_seq") String afterSeq,
            @RestQuery("before_seq") String beforeSeq, @RestQuery String type, @RestQuery String last) {
        fleet.require();
        Long after = Query.nonNegative("after_seq", afterSeq);
        Long before = Query.nonNegative("before_seq", beforeSeq);
        Long lastN = Query.nonNegative("last", last);
        Set<String> types = Query.types(type);
        FleetDirectory.Item item = directory.select(host, sel);
        long from = after == null ? 0 : after;
        List<String> lines = lastN == null ? lines(item, from, after, before, types)
                : newest(item, from, after, before, types, lastN);
        if (lastN != null && lines.size() > lastN) {
            lines = lines.subList(lines.size() - lastN.intValue(), lines.size());
        }
        ObjectNode out = withHost(item);
        out.putRawValue("events", new RawValue("[" + String.join(",", lines) + "]"));
        return out;
    }

    /**
     * The last {@code lastN} matching events, read from near the end: a session's seqs count 1, 2, 3…, so the last N
     * of every type start after newest − N. With a type filter, a gap in the seqs or {@code before_seq} the window
     * may hold fewer; it is then widened (×4 each time) until it holds enough or reaches {@code from}.
     */
    private List<String> newest(FleetDirectory.Item item, long from, Long after, Long before, Set<String> types,
            long lastN) {
        long top = FleetEvents.newestSeq(fleet, item.host(), item.id());
        if (before != null) {
            top = Math.min(top, before - 1);
        }
        long span = Math.max(lastN, 1) * (types == null ? 1 : 2);
        while (true) {
            long start = Math.max(from, top - span);
            List<String> found = lines(item, start, after, before, types);
            if (found.size() >= lastN || start <= from) {
                return found;
            }
            span = span > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : span * 4;
        }
    }

    private List<String> lines(FleetDirectory.Item item, long start, Long after, Long before, Set<String> types) {
        List<String> lines = new ArrayList<>();
        for (FleetFeed.StreamEvent event : FleetEvents.read(fleet, item.host(), item.id(), start)) {
            if ((after == null || event.seq() > after) && (before == null || event.seq() < before)
                    && (types == null || types.contains(event.type()))) {
                lines.add(event.line());
            }
        }
        return lines;
    }

    @GET
    @Path("/processes")
    public List<ObjectNode> processes(@RestQuery String host, @RestQuery String running, @RestQuery String provider,
            @RestQuery String limit) {
        fleet.require();
        boolean runningOnly = running != null && (running.isEmpty() || running.equals("true") || running.equals("1"));
        Predicate<FleetDirectory.Item> filter = item -> (host == null || host.equals(item.host()))
                && (provider == null || provider.isEmpty() || provider.equals(item.provider()))
                && (!runningOnly || "running".equals(item.liveStatus()));
        return directory.processes(filter, limit(limit)).stream().map(FleetResource::withHost).toList();
    }

    @GET
    @Path("/processes/{host}/{id}")
    public ObjectNode process(@RestPath String host, @RestPath String id) {
        fleet.require();
        return withHost(directory.process(host, id));
    }

    @POST
    @Path("{any: .*}")
    public void post(@RestPath String any) {
        throw readOnly(any);
    }

    @PUT
    @Path("{any: .*}")
    public void put(@RestPath String any) {
        throw readOnly(any);
    }

    @PATCH
    @Path("{any: .*}")
    public void patch(@RestPath String any) {
        throw readOnly(any);
    }

    @DELETE
    @Path("{any: .*}")
    public void delete(@RestPath String any) {
        throw readOnly(any);
    }

    static ZigdException readOnly(String path) {
        String[] parts = path.split("/");
        String which = parts.length >= 3 ? parts[0].replaceAll("s$", "") + " " + parts[2] + " of host " + parts[1]
                : "the fleet";
        return new ZigdException(ErrorCode.METHOD_NOT_ALLOWED, "the fleet view is read-only: " + which
                + " is written only by that host's own zigd");
    }

    private static ObjectNode withHost(FleetDirectory.Item item) {
        ObjectNode out = ZigJson.MAPPER.createObjectNode().put("host", item.host());
        out.setAll(item.value());
        return out;
    }

    private static Predicate<FleetDirectory.Item> status(String status) {
        if (status == null) {
            return item -> true;
        }
        return switch (status) {
            case "running" -> FleetDirectory.Item::isOpen;
            case "success", "failure" -> item -> status.equals(item.status());
            default -> throw new ZigdException(ErrorCode.BAD_REQUEST,
                    "unknown status '" + status + "' (running, success or failure)");
        };
    }

    private static int limit(String limit) {
        Long n = Query.nonNegative("limit", limit);
        return n == null ? DEFAULT_LIMIT : (int) Math.min(Integer.MAX_VALUE, n);
    }
}
