package dev.zigd.forward.nats;

import java.io.IOException;
import java.time.Duration;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig.NatsAccess;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

/** A NATS connection from the {@code zigd.forward.*} or {@code zigd.fleet.*} keys (docs/fleet.md). */
public final class NatsConnect {
    private static final Logger LOG = Logger.getLogger(NatsConnect.class);

    private NatsConnect() {
    }

    /** Connects once (throws when the server cannot be reached); afterwards the client reconnects by itself. */
    public static Connection connect(NatsAccess access, String name) throws IOException, InterruptedException {
        return Nats.connect(options(access, name));
    }

    static Options options(NatsAccess access, String name) {
        Options.Builder builder = new Options.Builder()
                .servers(access.natsUrl().orElseThrow().split("\\s*,\\s*"))
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                // Nothing is buffered while disconnected: a publish then fails at once, so what reaches the server
                // of a batch is always a prefix of it (the forwarder resends the rest, in order).
                .reconnectBufferSize(0)
                .connectionListener(quietListener(name))
                .errorListener(new ErrorListener() {
                });
        access.token().ifPresent(token -> builder.token(token.toCharArray()));
        if (access.user().isPresent()) {
            builder.userInfo(access.user().get(), access.password().orElse(""));
        }
        access.credsFile().ifPresent(builder::credentialPath);
        if (access.tlsTrustStore().isPresent()) {
            builder.truststorePath(access.tlsTrustStore().get());
            access.tlsTrustStorePassword().ifPresent(p -> builder.truststorePassword(p.toCharArray()));
        } else if (access.tls()) {
            try {
                builder.secure();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("no TLS in this JVM", e);
            }
        }
        return builder.build();
    }

    private static ConnectionListener quietListener(String name) {
        return (connection, event) -> LOG.debugf("%s: %s", name, event);
    }
}
