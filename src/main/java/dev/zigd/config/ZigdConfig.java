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

    enum Durability {
        FLUSH,
        FSYNC
    }
}
