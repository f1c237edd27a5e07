package dev.zigd.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zigd hosts}: the hosts of the daemon's fleet view ({@code GET /api/v1/fleet/hosts}) as a table. */
@Command(name = "hosts", description = "List the hosts of the fleet view, with their sessions and processes.")
final class HostsCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the API's answer (a JSON array of {host, sessions, open_sessions, "
            + "processes}).")
    boolean json;

    @Override
    public Integer call() {
        String body = new FleetClient(connection.client()).get("/hosts", null);
        if (json) {
            Out.line(body.strip());
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hosts = (List<Map<String, Object>>) Json.parse(body);
        if (hosts.isEmpty()) {
            Out.line("no hosts in the fleet yet (each host's zigd needs zigd.forward.nats-url)");
            return 0;
        }
        Table table = new Table("HOST", "SESSIONS", "RUNNING", "PROCESSES");
        for (Map<String, Object> host : hosts) {
            table.add(EventFormat.str(host, "host"), EventFormat.str(host, "sessions"),
                    EventFormat.str(host, "open_sessions"), EventFormat.str(host, "processes"));
        }
        table.print();
        return 0;
    }
}
