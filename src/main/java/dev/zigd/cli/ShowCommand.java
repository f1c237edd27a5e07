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
        StringBuilder query = new StringBuilder();
        Query.add(query, "after_seq", options.afterSeq == null ? null : options.afterSeq.toString());
        Query.add(query, "before_seq", beforeSeq == null ? null : beforeSeq.toString());
        Query.add(query, "type", options.typeParam());
        Query.add(query, "last", last == null ? null : last.toString());
        String body = connection.client().get("/api/v1/sessions/" + Client.encode(selector) + query);
        printEvents(body, options);
        return 0;
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
