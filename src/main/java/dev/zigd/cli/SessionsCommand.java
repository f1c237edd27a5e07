package dev.zigd.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zigd sessions}: the global index, newest first, as a table (or the API's JSON); with {@code --fleet}, every
 * host's, with a HOST column first.
 */
@Command(name = "sessions", description = "List sessions, newest first.")
final class SessionsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--project", paramLabel = "PATH", description = "Only sessions of this repository.")
    String project;

    @Option(names = "--status", paramLabel = "STATUS", description = "running, success or failure.")
    String status;

    @Option(names = "--workflow", paramLabel = "NAME", description = "Only sessions of this workflow.")
    String workflow;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
            description = "Show at most N sessions (default ${DEFAULT-VALUE}; 0: all).")
    int limit;

    @Option(names = "--json", description = "Print the API's answer (a JSON array of global index entries; with "
            + "--fleet each has \"host\" first).")
    boolean json;

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder();
        Query.add(query, "project", project == null ? null : java.nio.file.Path.of(project).toAbsolutePath().toString());
        Query.add(query, "status", status);
        Query.add(query, "workflow", workflow);
        if (limit > 0) {
            Query.add(query, "limit", Integer.toString(limit));
        } else if (limit < 0) {
            throw new CliException(CliException.USAGE, "-n must be 0 (all) or more");
        }
        String host = fleet.host();
        FleetClient fleetClient = fleet.on() ? new FleetClient(connection.client()) : null;
        String body;
        if (fleetClient != null) {
            Query.add(query, "host", host);
            body = fleetClient.get("/sessions" + query, null);
        } else {
            body = connection.client().get("/api/v1/sessions" + query);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = json && host == null ? null : (List<Map<String, Object>>) Json.parse(body);
        if (sessions != null && sessions.isEmpty() && host != null) {
            fleetClient.requireHost(host);
        }
        if (json) {
            Out.line(body.strip());
            return 0;
        }
        if (sessions.isEmpty()) {
            Out.line(fleetClient != null ? "no sessions in the fleet" : "no sessions");
            return 0;
        }
        List<String> ids = new ArrayList<>(sessions.size());
        for (Map<String, Object> s : sessions) {
            ids.add(EventFormat.str(s, "zig_session_id"));
        }
        int prefix = Table.prefixLength(ids);
        Instant now = Instant.now();
        Table table = fleetClient != null ? new Table("HOST", "ID", "WORKFLOW", "PROJECT", "STATUS", "STARTED", "DURATION")
                : new Table("ID", "WORKFLOW", "PROJECT", "STATUS", "STARTED", "DURATION");
        for (Map<String, Object> s : sessions) {
            String id = EventFormat.str(s, "zig_session_id");
            String st = s.get("status") == null ? "running" : EventFormat.str(s, "status");
            String[] row = {id.substring(0, Math.min(prefix, id.length())), EventFormat.str(s, "workflow_name"),
                Table.lastSegment(EventFormat.str(s, "project")), st,
                Table.ago(EventFormat.str(s, "started_at"), now),
                Table.span(EventFormat.str(s, "started_at"), (String) s.get("ended_at"), now)};
            table.add(fleetClient != null ? Table.withFirst(EventFormat.str(s, "host"), row) : row);
        }
        table.print();
        return 0;
    }
}
