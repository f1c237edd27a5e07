package dev.zigd.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zigd show SEL}: one session's stored events, then exit; {@code --fleet [HOST/]SEL}: another host's. */
@Command(name = "show", description = "Print one session's events (no following; see listen).")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    FleetOptions fleet;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "SEL", description = "A session id, a unique prefix of one, latest or active; with --fleet "
            + "HOST/SEL names one of that host's.")
    String selector;

    @Option(names = "--before-seq", paramLabel = "N", description = "Only events before seq N.")
    Long beforeSeq;

    @Option(names = "--last", paramLabel = "N", description = "Only the last N events (after the other filters).")
    Long last;

    @Override
    public Integer call() {
        Client client = connection.client();
        SessionAddress session = fleet.on()
                ? new FleetClient(client).session(FleetNames.split(selector, fleet.host()))
                : SessionAddress.local(selector);
        printPages(client, session, options, beforeSeq, last);
        return 0;
    }

    /**
     * Prints a session's events page by page: a daemon that pages big logs answers {@code next_after_seq} while
     * more follow (docs/api.md), and the next request continues from there. Returns the last page's document.
     */
    static String printPages(Client client, SessionAddress session, SessionOptions options, Long beforeSeq, Long last) {
        Long cursor = options.afterSeq;
        while (true) {
            StringBuilder query = new StringBuilder();
            Query.add(query, "after_seq", cursor == null ? null : cursor.toString());
            Query.add(query, "before_seq", beforeSeq == null ? null : beforeSeq.toString());
            Query.add(query, "type", options.typeParam());
            Query.add(query, "last", last == null ? null : last.toString());
            String body = client.get(session.path() + query);
            printEvents(body, options);
            Object next = body.contains("\"next_after_seq\"") ? Json.object(body).get("next_after_seq") : null;
            if (!(next instanceof Number n) || last != null || (cursor != null && n.longValue() <= cursor)) {
                return body;
            }
            cursor = n.longValue();
        }
    }

    /** The events of a GET /api/v1/sessions/{sel} answer, as stored lines (--json) or human lines. */
    static void printEvents(String body, SessionOptions options) {
        EventFormat format = options.json ? null : options.format();
        for (String line : Json.rawElements(body, "events")) {
            if (format == null) {
                Out.bytes((line + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                String text = format.format(Json.object(line));
                if (text != null) {
                    Out.line(text);
                }
            }
        }
    }
}
