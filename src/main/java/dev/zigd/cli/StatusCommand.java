package dev.zigd.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code zigd status}: is the daemon up, where, which version, for how long, how busy. Exit 1 if it is not. */
@Command(name = "status", description = "Say whether the daemon is running (exit 1 and how to start it if not).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the API's health document.")
    boolean json;

    @Override
    public Integer call() {
        Endpoint endpoint = connection.endpoint();
        String body;
        try {
            body = connection.client().get("/api/v1/health");
        } catch (CliException e) {
            if (e.exitStatus == CliException.UNREACHABLE) {
                throw new CliException(CliException.FAILURE, e.getMessage());
            }
            throw e;
        }
        if (json) {
            Out.line(body.strip());
            return 0;
        }
        Map<String, Object> health = Json.object(body);
        Out.line("zigd " + EventFormat.str(health, "version") + " is " + ("ok".equals(health.get("status"))
                ? "running" : EventFormat.str(health, "status")));
        Out.line("  via:           " + endpoint.describe());
        Out.line("  home:          " + endpoint.home);
        if (endpoint.url == null) {
            Out.line("  http:          " + endpoint.httpBase() + " (unless configured otherwise)");
        }
        Out.line("  uptime:        " + EventFormat.duration(EventFormat.num(health, "uptime_ms")));
        Out.line("  open sessions: " + EventFormat.str(health, "open_sessions"));
        Out.line("  subscribers:   " + EventFormat.str(health, "subscribers"));
        return 0;
    }
}
