package dev.zigd.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zigd sessions}: the global index, newest first, as a table (or the API's JSON). */
@Command(name = "sessions", description = "List sessions, newest first.")
final class SessionsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--project", paramLabel = "PATH", description = "Only sessions of this repository.")
    String project;

    @Option(names = "--status", paramLabel = "STATUS", description = "running, success or failure.")
    String status;

    @Option(names = "--workflow", paramLabel = "NAME", description = "Only sessions of this workflow.")
    String workflow;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "50",
            description = "Show at most N sessions (default ${DEFAULT-VALUE}; 0: all).")
    int limit;

    @Option(names = "--json", description = "Print the API's answer (a JSON array of global index entries).")
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
        String body = connection.client().get("/api/v1/sessions" + query);
        if (json) {
            Out.line(body.strip());
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) Json.parse(body);
        if (sessions.isEmpty()) {
            Out.line("no sessions");
            return 0;
        }
        List<String> ids = new ArrayList<>(sessions.size());
        for (Map<String, Object> s : sessions) {
            ids.add(EventFormat.str(s, "zig_session_id"));
        }
        int prefix = Table.prefixLength(ids);
        Instant now = Instant.now();
        Table table = new Table("ID", "WORKFLOW", "PROJECT", "STATUS", "STARTED", "DURATION");
        for (Map<String, Object> s : sessions) {
            String id = EventFormat.str(s, "zig_session_id");
            String st = s.get("status") == null ? "running" : EventFormat.str(s, "status");
            table.add(id.substring(0, Math.min(prefix, id.length())), EventFormat.str(s, "workflow_name"),
                    Table.lastSegment(EventFormat.str(s, "project")), st,
                    Table.ago(EventFormat.str(s, "started_at"), now),
                    Table.span(EventFormat.str(s, "started_at"), (String) s.get("ended_at"), now));
        }
        table.print();
        return 0;
    }
}
