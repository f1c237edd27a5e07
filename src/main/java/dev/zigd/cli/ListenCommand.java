package dev.zigd.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zigd listen}: replay one session, then follow it live (Server-Sent Events) until it ends. The stream is
 * resumed after the last seq printed whenever the connection drops (a daemon restart), so no line is lost or
 * repeated. Exit status: 0 if the session ended success, 1 if failure (130 on Ctrl-C, the JVM's own).
 */
@Command(name = "listen", description = "Replay a session's events, then follow it until it ends.")
final class ListenCommand implements Callable<Integer> {
    private static final long RETRY_MS = 250;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    FleetOptions fleet;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "SEL", arity = "0..1",
            description = "A session id, a unique prefix, latest or active (default: latest); with --fleet HOST/SEL "
                    + "names one of that host's.")
    String selector;

    @ArgGroup(exclusive = true)
    Which which;

    static final class Which {
        @Option(names = "--latest", description = "The newest session.")
        boolean latest;

        @Option(names = "--active", description = "The newest session that has not ended.")
        boolean active;
    }

    @Option(names = "--no-follow", description = "Print what is stored and exit.")
    boolean noFollow;

    private String endedStatus;

    @Override
    public Integer call() throws Exception {
        Client client = connection.client();
        String sel = selector != null ? selector : which != null && which.active ? "active" : "latest";
        if (selector != null && which != null) {
            throw new CliException(CliException.USAGE, "give either SEL or --latest/--active, not both");
        }
        SessionAddress session = fleet.on() ? new FleetClient(client).session(FleetNames.split(sel, fleet.host()))
                : pinLocal(client, sel);
        if (noFollow) {
            ShowCommand.printPages(client, session, options, null, null);
            Out.flush();
            return exitStatus(statusOf(client, session));
        }
        Signals.exitOnInterrupt();
        follow(client, session);
        Out.flush();
        if (endedStatus == null) {
            endedStatus = statusOf(client, session);
        }
        return exitStatus(endedStatus);
    }

    /** Pins the selector to one id: after a restart "latest" might name another session. */
    private SessionAddress pinLocal(Client client, String sel) {
        try {
            return SessionAddress.local(EventFormat.str(Json.object(client.get("/api/v1/sessions/" + Client.encode(sel)
                    + "?last=0")), "zig_session_id"));
        } catch (CliException e) {
            if (e.exitStatus == CliException.REFUSED && selector == null && e.getMessage().startsWith("session not found")) {
                throw new CliException(CliException.REFUSED, sel.equals("active")
                        ? "no active session: every session has ended (`zigd sessions` lists them)"
                        : "no sessions yet (`zigd run -- CMD` starts one)");
            }
            throw e;
        }
    }

    private static String statusOf(Client client, SessionAddress session) {
        return EventFormat.str(Json.object(client.get(session.path() + "?last=0")), "status");
    }

    private static int exitStatus(String status) {
        return "failure".equals(status) ? 1 : 0;
    }

    private void follow(Client client, SessionAddress session) throws InterruptedException {
        long afterSeq = options.afterSeq == null ? 0 : options.afterSeq;
        EventFormat format = options.json ? null : options.format();
        boolean lostOnce = false;
        while (true) {
            StringBuilder query = new StringBuilder();
            Query.add(query, "after_seq", Long.toString(afterSeq));
            Query.add(query, "type", options.typeParam());
            Http.Response response;
            try {
                response = client.stream(session.path() + "/events/stream" + query,
                        Map.of("Accept", "text/event-stream"));
            } catch (IOException | CliException e) {
                if (e instanceof CliException cli && cli.exitStatus != CliException.UNREACHABLE) {
                    throw cli;
                }
                lostOnce = waitForDaemon(lostOnce, afterSeq);
                continue;
            }
            try (Http.Connection conn = response.connection()) {
                if (response.status() == 503) {
                    lostOnce = waitForDaemon(lostOnce, afterSeq);
                    continue;
                }
                if (response.status() != 200) {
                    throw Client.refused(response.status(), response.text());
                }
                if (lostOnce) {
                    Out.error("reconnected; resuming after seq " + afterSeq);
                    lostOnce = false;
                }
                Sse sse = new Sse(response.body());
                while (true) {
                    Sse.Event event = sse.next();
                    if (event == null) {
                        break; // the stream broke off without its end: resume
                    }
                    if ("end".equals(event.name)) {
                        return;
                    }
                    if ("error".equals(event.name) || event.data == null) {
                        continue;
                    }
                    afterSeq = event.id;
                    print(event.data, format);
                    if (response.body().available() == 0) {
                        Out.flush(); // nothing more has arrived: show what we have (a replay is written in blocks)
                    }
                }
            } catch (IOException e) {
                // the daemon went away mid-stream: resume after the last line printed
            }
            lostOnce = waitForDaemon(lostOnce, afterSeq);
        }
    }

    private void print(byte[] line, EventFormat format) {
        if (format == null) {
            Out.bytes(line);
            Out.bytes(new byte[] {'\n'});
            if (endedStatus == null && contains(line, "\"type\":\"zig_session_ended\"")) {
                endedStatus = EventFormat.str(Json.object(new String(line, StandardCharsets.UTF_8)), "status");
            }
        } else {
            Map<String, Object> event = Json.object(new String(line, StandardCharsets.UTF_8));
            if ("zig_session_ended".equals(event.get("type"))) {
                endedStatus = EventFormat.str(event, "status");
            }
            String text = format.format(event);
            if (text != null) {
                Out.line(text);
            }
        }
    }

    private static boolean contains(byte[] line, String ascii) {
        return new String(line, StandardCharsets.ISO_8859_1).contains(ascii);
    }

    private static boolean waitForDaemon(boolean alreadySaid, long afterSeq) throws InterruptedException {
        if (!alreadySaid) {
            Out.flush();
            Out.error("lost the daemon after seq " + afterSeq + "; waiting for it to come back (Ctrl-C to stop)");
        }
        Thread.sleep(RETRY_MS);
        return true;
    }

    /** Server-Sent Events: {@code id:}, {@code event:}, {@code data:} lines, an empty line ends an event. */
    static final class Sse {
        private final InputStream in;

        Sse(InputStream in) {
            this.in = in;
        }

        static final class Event {
            long id;
            String name;
            byte[] data;
        }

        /** The next event, or null at the end of the stream. */
        Event next() throws IOException {
            Event event = new Event();
            boolean any = false;
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            while (true) {
                line.reset();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                if (b == -1) {
                    return null;
                }
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0) {
                    if (any) {
                        return event;
                    }
                    continue;
                }
                if (bytes[0] == ':') {
                    continue;
                }
                String head = new String(bytes, 0, Math.min(bytes.length, 7), StandardCharsets.ISO_8859_1);
                if (head.startsWith("data:")) {
                    int skip = bytes.length > 5 && bytes[5] == ' ' ? 6 : 5;
                    event.data = java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
                    any = true;
                } else if (head.startsWith("id:")) {
                    event.id = Long.parseLong(new String(bytes, 3, bytes.length - 3, StandardCharsets.ISO_8859_1).trim());
                    any = true;
                } else if (head.startsWith("event:")) {
                    event.name = new String(bytes, 6, bytes.length - 6, StandardCharsets.UTF_8).trim();
                    any = true;
                }
            }
        }
    }
}
