package dev.zigd.fleet;


import java.util.Set;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;
import dev.zigd.forward.Subjects;

/**
 * The frames of the fleet's streams, shared by the WebSocket and SSE endpoints: a session's stored lines after
 * {@code after_seq} (ended by {@code zig_session_ended}, which is always sent), or the live events of every
 * matching session, each with {@code "host"} put first.
 */
@Singleton
public class FleetStreams {
    private final FleetConnection fleet;
    private final FleetDirectory directory;
    private final int buffer;

    public FleetStreams(FleetConnection fleet, FleetDirectory directory, ZigdConfig config) {
        this.fleet = fleet;
        this.directory = directory;
        this.buffer = dev.zigd.config.FrameBudget.of(config);
    }

    /** Resolves the session first, so that an unknown one is refused before the stream starts. */
    FleetDirectory.Item select(String host, String selector) {
        fleet.require();
        return directory.select(host, selector);
    }

    FleetFeed session(FleetDirectory.Item session, long afterSeq, Set<String> types, FleetFeed.Sink sink)
            throws Exception {
        String subject = Subjects.eventSubject(session.host(), session.id());
        long start = FleetPositions.startAfter(fleet, subject, FleetPositions.lastOf(fleet, subject), afterSeq);
        return FleetFeed.open(fleet, subject, start, sink,
                new FleetFeed.Frames() {
                    @Override
                    public String frame(FleetFeed.StreamEvent event) {
                        if (event.seq() <= afterSeq) {
                            return null;
                        }
                        return types == null || types.contains(event.type()) || event.endsSession() ? event.line()
                                : null;
                    }

                    @Override
                    public String doneAfter(FleetFeed.StreamEvent event) {
                        return event.endsSession() ? "session ended" : null;
                    }
                }, buffer);
    }

    /** Live events of every session matching all given filters (null: any), from now on. */
    FleetFeed subscribe(String host, String sessionId, Set<String> types, String workflow, String project,
            FleetFeed.Sink sink) throws Exception {
        fleet.require();
        return FleetFeed.open(fleet, Subjects.eventFilter(host, sessionId), 0, sink, event -> {
            if (types != null && !types.contains(event.type())) {
                return null;
            }
            if (workflow != null || project != null) {
                FleetDirectory.Item item = directory.session(event.host(), event.sessionId());
                if (item == null || (workflow != null && !workflow.equals(item.workflowName()))
                        || (project != null && !project.equals(item.project()))) {
                    return null;
                }
            }
            return withHost(event.host(), event.line());
        }, buffer);
    }

    /** The stored line with {@code "host":"<host>",} put first (a host name needs no escaping). */
    static String withHost(String host, String line) {
        if (!line.startsWith("{")) {
            return line;
        }
        String rest = line.substring(1);
        return "{\"host\":\"" + host + "\"" + (rest.startsWith("}") ? "" : ",") + rest;
    }

}
