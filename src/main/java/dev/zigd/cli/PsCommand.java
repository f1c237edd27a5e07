package dev.zigd.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zigd ps}: zag's processes with their live status, recent first; {@code zigd ps show ID}: one of them. */
@Command(name = "ps", description = "List zag's agent processes with their live status.",
        subcommands = PsCommand.Show.class)
final class PsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--running", description = "Only processes that are running now.")
    boolean running;

    @Option(names = {"-p", "--provider"}, paramLabel = "PROVIDER", description = "Only this provider (claude, codex, …).")
    String provider;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "0",
            description = "Show at most N processes (default: all).")
    int limit;

    @Option(names = "--json", description = "Print the API's answer (a JSON array of entries with live_status).")
    boolean json;

    @Override
    public Integer call() {
        StringBuilder query = new StringBuilder();
        Query.add(query, "running", running ? "true" : null);
        Query.add(query, "provider", provider);
        if (limit < 0) {
            throw new CliException(CliException.USAGE, "-n must be 0 (all) or more");
        }
        Query.add(query, "limit", limit > 0 ? Integer.toString(limit) : null);
        String body = connection.client().get("/api/v1/processes" + query);
        if (json) {
            Out.line(body.strip());
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) Json.parse(body);
        if (entries.isEmpty()) {
            Out.line("no processes");
            return 0;
        }
        List<String> ids = new ArrayList<>(entries.size());
        for (Map<String, Object> e : entries) {
            ids.add(EventFormat.str(e, "id"));
        }
        int prefix = Table.prefixLength(ids);
        Instant now = Instant.now();
        Table table = new Table("ID", "PID", "PROVIDER", "MODEL", "COMMAND", "STATUS", "STARTED", "PROMPT");
        for (Map<String, Object> e : entries) {
            String id = EventFormat.str(e, "id");
            String status = EventFormat.str(e, "live_status");
            Object exit = e.get("exit_code");
            table.add(id.substring(0, Math.min(prefix, id.length())), EventFormat.str(e, "pid"),
                    EventFormat.str(e, "provider"), EventFormat.str(e, "model"), EventFormat.str(e, "command"),
                    exit == null ? status : status + " (" + exit + ")", Table.ago(EventFormat.str(e, "started_at"), now),
                    EventFormat.oneLine(EventFormat.str(e, "prompt"), 40));
        }
        table.print();
        return 0;
    }

    @Command(name = "show", description = "Show one process (a full id or a unique prefix).")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Parameters(paramLabel = "ID", description = "A process id or a unique prefix of one.")
        String id;

        @Option(names = "--json", description = "Print the API's answer (the entry with live_status).")
        boolean json;

        @Override
        public Integer call() {
            Client client = connection.client();
            String body = client.get("/api/v1/processes/" + Processes.resolve(client, id));
            if (json) {
                Out.line(body.strip());
            } else {
                Processes.printEntry(Json.object(body));
            }
            return 0;
        }
    }
}
