package dev.zigd.cli;

import java.util.List;

import picocli.CommandLine.Option;

/** The options {@code listen} and {@code show} share: which events, and how to print them. */
final class SessionOptions {
    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these event types (repeat or comma-separate), e.g. step_output,step_failed.")
    List<String> types;

    @Option(names = "--after-seq", paramLabel = "N", description = "Only events after seq N.")
    Long afterSeq;

    @Option(names = "--json", description = "Print the stored lines, byte for byte (NDJSON).")
    boolean json;

    @Option(names = "--timestamps", description = "Prefix each line with the event's time (UTC, as stored).")
    boolean timestamps;

    String typeParam() {
        return types == null || types.isEmpty() ? null : String.join(",", types);
    }

    EventFormat format() {
        return new EventFormat(Style.forStdout(), timestamps);
    }
}
