package dev.zigd.health;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.zigd.index.SessionIndex;
import dev.zigd.stream.EventHub;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Ready while the daemon takes requests: DOWN from the moment shutdown begins (new writes get 503 then), so a
 * supervisor polling {@code /q/health/ready} stops sending work. Liveness has no check of its own: an answer at
 * all means the daemon is alive.
 */
@Readiness
@Singleton
public class DaemonReadiness implements HealthCheck {
    private final SessionIndex index;
    private final EventHub hub;
    private volatile boolean stopping;

    public DaemonReadiness(SessionIndex index, EventHub hub) {
        this.index = index;
        this.hub = hub;
    }

    /** Before {@code dev.zigd.Daemon} starts its shutdown (priority 1). */
    void onStop(@Observes @Priority(0) ShutdownEvent event) {
        stopping = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("zigd")
                .status(!stopping)
                .withData("open_sessions", index.openSessions())
                .withData("subscribers", hub.subscriberCount())
                .build();
    }
}
