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

    enum Durability {
        FLUSH,
        FSYNC
    }
}
