package dev.zigd.stream;

import dev.zigd.log.WrittenEvent;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.zigd.api.Query;
import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ZigdException;
import dev.zigd.event.InvalidInputException;
import dev.zigd.index.Projects;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * {@code GET /api/v1/subscribe?type=a,b&workflow=W&project=P&session=ID} (WebSocket): live events of every
 * session matching all given filters, sessions started later included; each frame a stored line. No history.
 * {@code project} is a repository path, resolved like a session's {@code cwd}.
 */
@WebSocket(path = "/api/v1/subscribe")
public class SubscribeSocket {
    private final EventHub hub;
    private final Projects projects;
    private final int capacity;

    public SubscribeSocket(EventHub hub, Projects projects, ZigdConfig config) {
        this.hub = hub;
        this.projects = projects;
        this.capacity = config.subscriberBuffer();
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        Map<String, String> query = StreamQuery.parse(connection.handshakeRequest().query());
        // Resolving a project looks for .git on disk: not on the event loop.
        return Uni.createFrom().item(() -> filter(query))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().invoke(filter -> connection.userData().put(WebSocketSink.SUBSCRIBER,
                        Subscriber.live(hub, filter, capacity, new WebSocketSink(connection))))
                .replaceWithVoid()
                .onFailure(e -> e instanceof ZigdException || e instanceof InvalidInputException)
                .recoverWithUni(e -> connection.close(new CloseReason(1008, StreamQuery.reason(e.getMessage()))));
    }

    private Predicate<WrittenEvent> filter(Map<String, String> query) {
        Predicate<WrittenEvent> filter = e -> true;
        Set<String> types = Query.types(query.get("type"));
        if (types != null) {
            filter = filter.and(e -> types.contains(e.type()));
        }
        String workflow = query.get("workflow");
        if (workflow != null && !workflow.isEmpty()) {
            filter = filter.and(e -> workflow.equals(e.workflowName()));
        }
        String session = query.get("session");
        if (session != null && !session.isEmpty()) {
            filter = filter.and(e -> e.sessionId().equals(session));
        }
        String project = query.get("project");
        if (project != null && !project.isEmpty()) {
            String workspace = projects.resolve(project, null).storageDir().toString();
            filter = filter.and(e -> workspace.equals(e.workspacePath()));
        }
        return filter;
    }

    @OnClose
    public void closed(WebSocketConnection connection) {
        WebSocketSink.closed(connection);
    }
}
