package dev.zigd.fleet;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.forward.ShownUrls;
import dev.zigd.forward.nats.ConnectionProblems;
import dev.zigd.forward.nats.NatsConnect;
import dev.zigd.forward.nats.Secrets;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The fleet view's connection ({@code zigd.fleet.*}): made in the background at start, retried until the server
 * answers; the client reconnects by itself afterwards. Then the directory starts watching the buckets.
 */
@Singleton
public class FleetConnection {
    private static final Logger LOG = Logger.getLogger(FleetConnection.class);

    private final ZigdConfig.Fleet config;
    private final FleetDirectory directory;
    private volatile Connection connection;
    private volatile ConnectionProblems problems;
    private volatile String notConnectedReason;
    private volatile boolean stopping;
    private Thread connecting;

    public FleetConnection(ZigdConfig config, FleetDirectory directory) {
        this.config = config.fleet();
        this.directory = directory;
    }

    public boolean enabled() {
        return config.natsUrl().filter(url -> !url.isBlank()).isPresent();
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        if (!enabled()) {
            return;
        }
        connecting = new Thread(this::connectLoop, "zigd-fleet-connect");
        connecting.setDaemon(true);
        connecting.start();
    }

    private void connectLoop() {
        boolean warned = false;
        while (!stopping) {
            try {
                NatsConnect.Connected opened = NatsConnect.connect(config, "zigd-fleet");
                Connection made = opened.connection();
                problems = opened.problems();
                connection = made;
                try {
                    directory.start(made, config);
                } catch (Exception e) {
                    connection = null;
                    made.close();
                    throw e;
                }
                notConnectedReason = null;
                LOG.infof("fleet view: connected to %s", shownUrls());
                return;
            } catch (Exception e) {
                notConnectedReason = new Secrets(config).scrub(
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                if (!warned) {
                    LOG.warnf("fleet view: cannot reach %s yet (%s); retrying", shownUrls(), notConnectedReason);
                    warned = true;
                }
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        stopping = true;
        if (connecting != null) {
            connecting.interrupt();
        }
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The connection, or the error a client gets when the view is off or not connected yet. */
    Connection require() {
        if (!enabled()) {
            throw new ZigdException(ErrorCode.NOT_FOUND,
                    "the fleet view is off: start zigd with zigd.fleet.nats-url to serve it");
        }
        Connection open = connection;
        if (open == null || !directory.loaded()) {
            throw new ZigdException(ErrorCode.UNAVAILABLE,
                    "the fleet view is not connected to " + shownUrls() + " yet"
                            + (notConnectedReason() == null ? "" : ": " + notConnectedReason()));
        }
        return open;
    }

    JetStream jetStream() {
        try {
            return require().jetStream();
        } catch (java.io.IOException e) {
            throw new ZigdException(ErrorCode.UNAVAILABLE, "fleet view: " + e.getMessage());
        }
    }

    JetStreamManagement management() {
        try {
            return require().jetStreamManagement();
        } catch (java.io.IOException e) {
            throw new ZigdException(ErrorCode.UNAVAILABLE, "fleet view: " + e.getMessage());
        }
    }

    String stream() {
        return config.stream();
    }

    private String shownUrls() {
        return ShownUrls.of(config.natsUrl().orElse(""));
    }

    /** Why the view is not connected (the server's reason, the TLS failure; no secret), or null. */
    String notConnectedReason() {
        if (connected()) {
            return null;
        }
        ConnectionProblems current = problems;
        String reason = current == null ? null : current.latest();
        return reason != null ? reason : notConnectedReason;
    }

    boolean connected() {
        Connection open = connection;
        return open != null && open.getStatus() == Connection.Status.CONNECTED;
    }
}
