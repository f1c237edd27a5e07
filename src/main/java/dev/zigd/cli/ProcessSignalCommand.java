package dev.zigd.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zigd stop ID} (SIGHUP) and {@code zigd kill ID} (SIGTERM), sent by the daemon, with its errors. */
abstract class ProcessSignalCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "ID", description = "A process id or a unique prefix of one.")
    String id;

    @Option(names = "--json", description = "Print the API's answer (the entry with live_status).")
    boolean json;

    @Mixin
    ReadOnlyFleetOption fleet;

    abstract String action();

    abstract String done();

    @Override
    public Integer call() {
        fleet.refuse(action(), CliException.REFUSED);
        Client client = connection.client();
        String full = Processes.resolve(client, id);
        String body = client.post("/api/v1/processes/" + full + "/" + action(), "");
        if (json) {
            Out.line(body.strip());
        } else {
            Map<String, Object> entry = Json.object(body);
            Out.line(done() + " " + full + " (pid " + EventFormat.str(entry, "pid") + ", "
                    + EventFormat.str(entry, "provider") + "); status now " + EventFormat.str(entry, "live_status"));
        }
        return 0;
    }

    @Command(name = "stop", description = "Ask a process to wind down (SIGHUP through the daemon).")
    static final class Stop extends ProcessSignalCommand {
        @Override
        String action() {
            return "stop";
        }

        @Override
        String done() {
            return "sent SIGHUP to";
        }
    }

    @Command(name = "kill", description = "Terminate a process (SIGTERM through the daemon) and mark it killed.")
    static final class Kill extends ProcessSignalCommand {
        @Override
        String action() {
            return "kill";
        }

        @Override
        String done() {
            return "sent SIGTERM to";
        }
    }
}
