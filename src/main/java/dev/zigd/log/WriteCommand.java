package dev.zigd.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.zigd.event.EventBody;

/** What the writer actor can be asked to do; each command is all-or-nothing. */
sealed interface WriteCommand {

    record Start(NewSession session, CompletableFuture<Started> done) implements WriteCommand {
    }

    record Append(String sessionId, List<EventBody> events, CompletableFuture<Appended> done) implements WriteCommand {
    }

    /** One {@code heartbeat} line into each of these sessions. */
    record Heartbeats(List<String> sessionIds, long intervalSecs) implements WriteCommand {
    }
}
