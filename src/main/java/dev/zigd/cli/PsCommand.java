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

/**
 * {@code zigd ps}: zag's processes with their live status, recent first; {@code zigd ps show ID}: one of them. With
 * {@code --fleet}, every host's (a HOST column first; {@code ps show --fleet HOST/ID}).
 */
@Command(name = "ps", description = "List zag's agent processes with their live status.",
        subcommands = PsCommand.Show.class)
final class PsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--running", description = "Only processes that are running now.")
    boolean running;

    @Option(names = {"-p", "--provider"}, paramLabel = "PROVIDER", description = "Only this provider (claude, codex, …).")
    String provider;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "0",
            description = "Show at most N processes (default: all).")
    int limit;

    @Option(names = "--json", description = "Print the API's answer (a JSON array of entries with live_status; with "
            + "--fleet each has \"host\" first).")
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
        String host = fleet.host();
        FleetClient fleetClient = fleet.on() ? new FleetClient(connection.client()) : null;
        String body;
        if (fleetClient != null) {
            Query.add(query, "host", host);
            body = fleetClient.get("/processes" + query, null);
        } else {
            body = connection.client().get("/api/v1/processes" + query);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = json && host == null ? null : (List<Map<String, Object>>) Json.parse(body);
        if (entries != null && entries.isEmpty() && host != null) {
            fleetClient.requireHost(host);
        }
        if (json) {
            Out.line(body.strip());
            return 0;
        }
        if (entries.isEmpty()) {
            Out.line(fleetClient != null ? "no processes in the fleet" : "no processes");
            return 0;
        }
        List<String> ids = new ArrayList<>(entries.size());
        for (Map<String, Object> e : entries) {
            ids.add(EventFormat.str(e, "id"));
        }
        int prefix = Table.prefixLength(ids);
        Instant now = Instant.now();
        String[] header = {"ID", "PID", "PROVIDER", "MODEL", "COMMAND", "STATUS", "STARTED", "PROMPT"};
        Table table = new Table(fleetClient != null ? Table.withFirst("HOST", header) : header);
        for (Map<String, Object> e : entries) {
            String id = EventFormat.str(e, "id");
            String status = EventFormat.str(e, "live_status");
            Object exit = e.get("exit_code");
            String[] row = {id.substring(0, Math.min(prefix, id.length())), EventFormat.str(e, "pid"),
                EventFormat.str(e, "provider"), EventFormat.str(e, "model"), EventFormat.str(e, "command"),
                exit == null ? status : status + " (" + exit + ")", Table.ago(EventFormat.str(e, "started_at"), now),
                EventFormat.oneLine(EventFormat.str(e, "prompt"), 40)};
            table.add(fleetClient != null ? Table.withFirst(EventFormat.str(e, "host"), row) : row);
        }
        table.print();
        return 0;
    }

    @Command(name = "show", description = "Show one process (a full id or a unique prefix).")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Mixin
        FleetOptions fleet;

        @Parameters(paramLabel = "ID", description = "A process id or a unique prefix of one; with --fleet HOST/ID "
                + "names one of that host's.")
        String id;

        @Option(names = "--json", description = "Print the API's answer (the entry with live_status).")
        boolean json;

        @Override
        public Integer call() {
            Client client = connection.client();
            String body;
            if (fleet.on()) {
                FleetClient fleetClient = new FleetClient(client);
                FleetNames.Named process = fleetClient.process(FleetNames.split(id, fleet.host()));
                body = fleetClient.get("/processes/" + process.host() + "/" + Client.encode(process.selector()),
                        process.host());
            } else {
                body = client.get("/api/v1/processes/" + Processes.resolve(client, id));
            }
            if (json) {
                Out.line(body.strip());
            } else {
                Processes.printEntry(Json.object(body));
            }
            return 0;
        }
    }
}
