package dev.zigd.cli;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code zigd show SEL}: one session's stored events, then exit. */
@Command(name = "show", description = "Print one session's events (no following; see listen).")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    SessionOptions options;

    @Parameters(paramLabel = "SEL", description = "A session id, a unique prefix of one, latest or active.")
    String selector;

    @Option(names = "--before-seq", paramLabel = "N", description = "Only events before seq N.")
    Long beforeSeq;

    @Option(names = "--last", paramLabel = "N", description = "Only the last N events (after the other filters).")
    Long last;

    @Override
    public Integer call() {
        printPages(connection.client(), Client.encode(selector), options, beforeSeq, last);
        return 0;
    }

    /**
     * Prints a session's events page by page: a daemon that pages big logs answers {@code next_after_seq} while
     * more follow (docs/api.md), and the next request continues from there. Returns the last page's document.
     */
    static String printPages(Client client, String sel, SessionOptions options, Long beforeSeq, Long last) {
        Long cursor = options.afterSeq;
        while (true) {
            StringBuilder query = new StringBuilder();
            Query.add(query, "after_seq", cursor == null ? null : cursor.toString());
            Query.add(query, "before_seq", beforeSeq == null ? null : beforeSeq.toString());
            Query.add(query, "type", options.typeParam());
            Query.add(query, "last", last == null ? null : last.toString());
            String body = client.get("/api/v1/sessions/" + sel + query);
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
