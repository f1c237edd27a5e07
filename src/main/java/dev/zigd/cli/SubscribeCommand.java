package dev.zigd.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zigd subscribe}: the live events of every session (new ones included), through {@code /api/v1/subscribe}.
 * No history. If the daemon goes away it reconnects and says on stderr that events in between were not seen.
 * With {@code --fleet}, every host's ({@code /api/v1/fleet/subscribe}), human lines prefixed {@code HOST/ID}.
 */
@Command(name = "subscribe", description = "Print every session's live events, new sessions included (no history).")
final class SubscribeCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only these event types.")
    List<String> types;

    @Option(names = "--workflow", paramLabel = "NAME", description = "Only sessions of this workflow.")
    String workflow;

    @Option(names = "--project", paramLabel = "PATH", description = "Only sessions of this repository.")
    String project;

    @Option(names = "--json", description = "Print each event's stored line (NDJSON; with --fleet, \"host\" first).")
    boolean json;

    @Option(names = "--timestamps", description = "Prefix each line with the event's time (UTC).")
    boolean timestamps;

    @Override
    public Integer call() throws Exception {
        StringBuilder query = new StringBuilder();
        Query.add(query, "type", types == null ? null : String.join(",", types));
        Query.add(query, "workflow", workflow);
        Query.add(query, "project", project == null ? null : java.nio.file.Path.of(project).toAbsolutePath().toString());
        Client client = connection.client();
        String path = "/api/v1/subscribe";
        if (fleet.on()) {
            // Asked before the socket opens: a WebSocket can only refuse with a close code, these say what to do.
            String host = fleet.host();
            FleetClient fleetClient = new FleetClient(client);
            if (host != null) {
                fleetClient.requireHost(host);
            } else {
                fleetClient.hosts();
            }
            Query.add(query, "host", host);
            path = FleetClient.PREFIX + "/subscribe";
        }
        EventFormat format = json ? null : new EventFormat(Style.forStdout(), timestamps);
        Signals.exitOnInterrupt();
        boolean connectedBefore = false;
        boolean waitingForFleet = false;
        while (true) {
            WebSocket socket;
            try {
                socket = WebSocket.open(client, path + query);
            } catch (IOException | CliException e) {
                if (!connectedBefore || (e instanceof CliException cli && cli.exitStatus != CliException.UNREACHABLE)) {
                    throw e instanceof CliException cli ? cli : client.endpoint.notRunning((IOException) e);
                }
                Thread.sleep(250);
                continue;
            }
            if (connectedBefore && !waitingForFleet) {
                Out.error("reconnected; events while the daemon was away were not seen (use `zigd listen` to replay one)");
            }
            connectedBefore = true;
            try (socket) {
                String frame;
                while ((frame = socket.receive()) != null) {
                    if (waitingForFleet) {
                        Out.error("the fleet view is back; events while it was away were not seen");
                        waitingForFleet = false;
                    }
                    print(frame, format);
                }
            } catch (IOException ignored) {
                // the daemon went away: reconnect below
            }
            if (socket.closeCode == 1008 && fleet.on() && socket.closeReason.startsWith("the fleet view is not connected")) {
                // A restarted daemon's fleet view connecting again: wait for it as for the daemon itself.
                if (!waitingForFleet) {
                    Out.error(socket.closeReason + "; waiting for it (Ctrl-C to stop)");
                }
                waitingForFleet = true;
                Thread.sleep(1000);
                continue;
            }
            if (socket.closeCode == 1008) {
                throw new CliException(CliException.REFUSED, "the daemon closed the subscription: " + socket.closeReason);
            }
            Out.error("lost the daemon; waiting for it to come back (Ctrl-C to stop)");
        }
    }

    private static void print(String line, EventFormat format) {
        if (format == null) {
            Out.bytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            Map<String, Object> event = Json.object(line);
            String text = format.format(event);
            if (text != null) {
                String id = EventFormat.shortId(EventFormat.str(event, "zig_session_id"));
                Object host = event.get("host");
                Out.line((host instanceof String name ? name + "/" + id : id) + " " + text);
            }
        }
        Out.flush();
    }
}
