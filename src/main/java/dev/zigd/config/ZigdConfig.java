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

    /**
     * How many bytes of frames a stream subscriber may have handed to its connection and not yet written to the
     * socket; a live batch that would go over cuts it off (close 1008, naming the last seq it was sent).
     */
    @WithDefault("8M")
    MemorySize subscriberBuffer();

    /**
     * The same, all subscribers together (their frames are direct memory, shared with the request path): past it
     * the subscriber holding the most is cut off.
     */
    @WithDefault("64M")
    MemorySize subscriberBufferTotal();

    /** How long a session waits for its ingest connection to come back before it is ended with failure. */
    @WithDefault("5s")
    Duration ingestGrace();

    /** How often an idle SSE stream sends a keep-alive comment. */
    @WithDefault("15s")
    Duration sseKeepAlive();

    /** Connection hygiene: how many TCP connections, how long one may sit idle. */
    Connections connections();

    /**
     * {@code zigd.connections.*}. A connection on which nothing moves for {@code idle-timeout} is closed, on both
     * transports: a request that never completes (half-open, or headers that stop coming), or an idle keep-alive
     * connection. Streams stay open: WebSocket streams are pinged every 10 s (the stream routes: a third of
     * {@code idle-timeout} if that is shorter) and SSE streams send keep-alives ({@code zigd.sse-keep-alive}), so
     * keep {@code idle-timeout} above the SSE one. TCP connections beyond
     * {@code max-tcp} are closed as soon as they are accepted; the Unix socket has no cap, so the owner is never
     * locked out by TCP clients.
     */
    interface Connections {
        /** How long a connection may sit with nothing read or written before it is closed. */
        @WithDefault("60s")
        Duration idleTimeout();

        /**
         * Most TCP connections open at once (applied as {@code quarkus.http.limits.max-connections} in
         * application.properties, which repeats this default).
         */
        @WithDefault("512")
        int maxTcp();

        /**
         * Most session reads ({@code GET /api/v1/sessions/{sel}}) in progress at once over TCP; one more gets 503
         * {@code unavailable} with {@code Retry-After}. Each holds up to ~512 KiB of buffers while its client is
         * slow, so this bounds what TCP clients can pin. Reads on the Unix socket are never refused.
         */
        @WithDefault("64")
        int maxTcpReads();
    }

    /** Following the files zig and zag write themselves (docs/following.md). */
    Follow follow();

    /** {@code zigd.follow.*}. */
    interface Follow {

        /** Whether zigd watches {@code <home>/.zig} and {@code <home>/.zag} for files other programs write. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often every followed directory, index and open log is looked at again, in case a change notification
         * was lost (inotify queue overflow, a file system that does not notify).
         */
        @WithDefault("30s")
        Duration rescanInterval();

        /**
         * zig's own heartbeat period (a constant of zig, 10 s). A zig session quiet for this long is checked for a
         * process holding its log; one that nobody holds is ended with {@code failure}, within two periods of its
         * death.
         */
        @WithDefault("10s")
        Duration zigHeartbeat();

        /** How often process entries marked running are checked for a dead process (a {@code died} frame). */
        @WithDefault("2s")
        Duration processCheckInterval();
    }

    /** Retention: when old sessions and processes are removed (docs/retention.md). */
    Retention retention();

    /**
     * {@code zigd.retention.*}. Every removal policy is off by default; the run itself (which only measures disk
     * use while no policy is set) is on.
     */
    interface Retention {
        /** How often the clean-up runs ({@code 1h}, {@code 30m}, …); {@code off} never runs it. Default {@code 1h}. */
        @WithDefault("1h")
        String every();

        /**
         * {@code true}: a session past the policy has its log compressed to {@code <project>/logs/archive/<id>.jsonl.gz}
         * (still readable through the API; its index entries stay) instead of deleted. Default {@code false}.
         */
        @WithDefault("false")
        boolean archive();

        /** Health warns when less than this percentage of the disk holding the home is free. Default {@code 5}. */
        @WithDefault("5")
        int diskWarnFreePercent();

        Sessions sessions();

        Processes processes();

        interface Sessions {
            /** Ended sessions whose {@code ended_at} is older than this are removed ({@code 30d}). Default: none. */
            Optional<Duration> maxAge();

            /** Above this total of session log bytes, ended sessions go, oldest end first ({@code 10G}). Default: none. */
            Optional<MemorySize> maxTotalSize();
        }

        interface Processes {
            /**
             * Process entries started longer ago than this that are not running (ended, or {@code running} with their
             * process gone) are removed, as {@code zag gc} does ({@code 7d}). Default: none.
             */
            Optional<Duration> maxAge();
        }
    }

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

        /** The password for {@code user}. Secrets never appear in zigd's logs, health or errors. */
        Optional<String> password();

        /** A NATS {@code .creds} file (user JWT + NKey seed; keep it mode 600: zigd warns when others can read it). */
        Optional<String> credsFile();

        /** TLS with the JVM's default trust store (or {@code tls-trust-store}); {@code tls://} URLs imply it. */
        @WithDefault("false")
        boolean tls();

        /** A JKS/PKCS12 trust store for the server's certificate (implies TLS). */
        Optional<String> tlsTrustStore();

        /** The trust store's password (a PKCS12 store made by keytool needs it to read its certificates). */
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
