package dev.zigd.forward.nats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig.NatsAccess;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

/** A NATS connection from the {@code zigd.forward.*} or {@code zigd.fleet.*} keys (docs/fleet.md). */
public final class NatsConnect {
    private static final Logger LOG = Logger.getLogger(NatsConnect.class);
    private static final String BC_NATIVE_VARIANT = "org.bouncycastle.native.cpu_variant";
    private static final Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // jnats signs with BouncyCastle LTS (NKeys, creds files), which on first use copies its native AES library
        // into a new directory under /tmp and never deletes it: one more directory per daemon start. Its pure-Java
        // code is enough for a signature per connection. An explicit setting (-D) still wins.
        if (System.getProperty(BC_NATIVE_VARIANT) == null) {
            System.setProperty(BC_NATIVE_VARIANT, "java");
        }
    }

    private NatsConnect() {
    }

    /** A connection and what it reports about itself (why it is not connected, when it is not). */
    public record Connected(Connection connection, ConnectionProblems problems) {
    }

    /**
     * Connects once (throws when the server cannot be reached, with the server's reason or the TLS failure in the
     * message and no secret in it); afterwards the client reconnects by itself.
     */
    public static Connected connect(NatsAccess access, String name) throws IOException, InterruptedException {
        Secrets secrets = new Secrets(access);
        ConnectionProblems problems = new ConnectionProblems(name, secrets);
        Options options;
        try {
            options = options(access, name, problems);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // e.g. a trust store that cannot be read, or its password is wrong
            throw new IOException(ConnectionProblems.describe(e, secrets));
        }
        try {
            return new Connected(Nats.connect(options), problems);
        } catch (IOException e) {
            String reason = problems.latest();
            throw new IOException(reason != null ? reason : ConnectionProblems.describe(e, secrets));
        }
    }

    static Options options(NatsAccess access, String name, ConnectionProblems problems)
            throws IOException, GeneralSecurityException {
        String[] servers = access.natsUrl().orElseThrow().split("\\s*,\\s*");
        boolean tlsUrl = false;
        for (String server : servers) {
            String scheme = server.contains("://") ? server.substring(0, server.indexOf("://")).toLowerCase() : "nats";
            if (scheme.equals("opentls")) {
                throw new IOException("opentls:// URLs accept any certificate; zigd refuses them: use tls:// (and"
                        + " tls-trust-store for a private CA)");
            }
            tlsUrl |= scheme.equals("tls") || scheme.equals("wss");
        }
        Options.Builder builder = new Options.Builder()
                .servers(servers)
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                // Nothing is buffered while disconnected: a publish then fails at once, so what reaches the server
                // of a batch is always a prefix of it (the forwarder resends the rest, in order).
                .reconnectBufferSize(0)
                .connectionListener(problems)
                .errorListener(problems);
        access.token().ifPresent(token -> builder.token(token.toCharArray()));
        if (access.user().isPresent()) {
            builder.userInfo(access.user().get(), access.password().orElse(""));
        }
        access.credsFile().ifPresent(file -> {
            warnIfOthersCanRead(file, "creds-file");
            builder.credentialPath(file);
        });
        if (access.tls() || tlsUrl || access.tlsTrustStore().isPresent()) {
            // Not jnats' own trust store options: they do not check the host name (TlsContext).
            builder.sslContext(TlsContext.create(access.tlsTrustStore(), access.tlsTrustStorePassword()));
        }
        return builder.build();
    }

    /** A creds file holds a private key: readable by others, it is as good as published. Said once per file. */
    private static void warnIfOthersCanRead(String file, String key) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(Path.of(file));
            if ((mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ))
                    && WARNED.add(file)) {
                LOG.warnf("%s %s can be read by other users; it holds a private key: chmod 600 it", key, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // missing or unreadable: the connection attempt says so
        }
    }
}
