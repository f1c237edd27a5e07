package dev.zigd.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every {@code zigd.*} setting. Each key can also be given as an environment variable ({@code zigd.home} ↔
 * {@code ZIGD_HOME}) or a {@code -D} system property. The contract's keys are documented in docs/api.md.
 */
@ConfigMapping(prefix = "zigd")
public interface ZigdConfig {

    /** The directory that holds {@code .zig/} and {@code .zag/}. Defaults to the user's home. */
    @WithDefault("${user.home}")
    String home();

    /** Bearer token for TCP; when absent, one is generated once into {@code <home>/.zig/zigd.token}. */
    Optional<String> token();

    /** Unix socket path; set from {@code <home>/.zig/zigd.sock} in application.properties. */
    String socket();

    /** Heartbeat period of open sessions, also written as {@code interval_secs}. */
    @WithDefault("10s")
    Duration heartbeatInterval();

    /** How long an owner-less session may stay silent before it is ended. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** {@code flush}: a request is answered once its events are handed to the OS; {@code fsync}: once on disk. */
    @WithDefault("flush")
    Durability durability();

    /** How often changed indexes are written (at most); they are also written at shutdown. */
    @WithDefault("100ms")
    Duration indexFlushInterval();

    /** Largest request body (or WebSocket frame) accepted; larger ones get 413 {@code too_large}. */
    @WithDefault("16M")
    MemorySize maxBodySize();

    /** Largest single event, as its written log line; larger ones get 413 {@code too_large}. */
    @WithDefault("1M")
    MemorySize maxEventSize();

    /** How many frames a stream subscriber may have unsent before it is cut off (close 1008). */
    @WithDefault("10000")
    int subscriberBuffer();

    /** How long a session waits for its ingest connection to come back before it is ended with failure. */
    @WithDefault("5s")
    Duration ingestGrace();

    /** How often an idle SSE stream sends a keep-alive comment. */
    @WithDefault("15s")
    Duration sseKeepAlive();

    /**
     * This machine's name in the fleet: the {@code <host>} token of subjects and bucket keys (docs/fleet.md).
     * Default: the machine's host name, made subject-safe (lower case; anything but {@code a-z 0-9 _ -} becomes
     * {@code -}).
     */
    Optional<String> hostName();

    /** Forwarding this daemon's sessions and processes to a broker (docs/fleet.md); off unless {@code nats-url} is set. */
    Forward forward();

    /** The fleet view: every host's sessions read from the broker (docs/fleet.md); off unless {@code nats-url} is set. */
    Fleet fleet();

    /** How to reach a NATS server and where zigd's data lives there; shared by {@link Forward} and {@link Fleet}. */
    interface NatsAccess {
        /** {@code nats://host:4222} (several: comma-separated); unset = off. */
        Optional<String> natsUrl();

        /** Token authentication. */
        Optional<String> token();

        /** User/password authentication (both needed). */
        Optional<String> user();

        Optional<String> password();

        /** A NATS {@code .creds} file (JWT + NKey seed). */
        Optional<String> credsFile();

        /** TLS with the JVM's default trust store (or {@code tls-trust-store}); {@code tls://} URLs imply it. */
        @WithDefault("false")
        boolean tls();

        /** A JKS/PKCS12 trust store for the server's certificate. */
        Optional<String> tlsTrustStore();

        Optional<String> tlsTrustStorePassword();

        /** The JetStream stream of events ({@code zigd.events.<host>.<session_id>}). */
        @WithDefault("ZIGD_EVENTS")
        String stream();

        /** The key-value bucket of session index entries ({@code <host>.<session_id>}). */
        @WithDefault("ZIGD_SESSIONS")
        String sessionsBucket();

        /** The key-value bucket of process entries with live status ({@code <host>.<id>}). */
        @WithDefault("ZIGD_PROCESSES")
        String processesBucket();
    }

    interface Forward extends NatsAccess {
        /** Most events published before waiting for their acknowledgements (one session at a time). */
        @WithDefault("1000")
        int batchSize();

        /** How long to wait for a batch's acknowledgements before counting it as failed (and resending). */
        @WithDefault("10s")
        Duration ackTimeout();

        /** Pause between attempts while the broker cannot be reached. */
        @WithDefault("1s")
        Duration retryInterval();

        /** How often process entries (and their live status) and open sessions' files are looked at. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Stream retention, used only when zigd creates the stream: how long events are kept (0 = forever). */
        @WithDefault("30d")
        Duration streamMaxAge();

        /** Stream retention, used only when zigd creates the stream: most bytes kept (-1 = no limit). */
        @WithDefault("-1")
        long streamMaxBytes();

        /** The stream's duplicate window (message-id dedup), used only when zigd creates the stream. */
        @WithDefault("2m")
        Duration duplicateWindow();

        /** Replicas of the stream and buckets zigd creates (1 for a single server). */
        @WithDefault("1")
        int replicas();
    }

    interface Fleet extends NatsAccess {
    }

    enum Durability {
        FLUSH,
        FSYNC
    }
}
