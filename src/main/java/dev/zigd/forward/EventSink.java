package dev.zigd.forward;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A broker zigd forwards to, seen from the forwarder's one thread (every call may block it, nothing else).
 * The NATS JetStream one is {@code dev.zigd.forward.nats.NatsEventSink}; a Kafka one would implement the same.
 */
public interface EventSink extends AutoCloseable {

    /** Where state lives on the broker. */
    enum Bucket {
        SESSIONS, PROCESSES
    }

    /** Connects and makes sure the stream and buckets exist; throws when the broker cannot be reached. */
    void connect() throws Exception;

    boolean isConnected();

    /**
     * Publishes one session's lines, in order, each with the message id {@code <host>:<session>:<seq>}, and waits
     * for the acknowledgements. Answers how many lines from the start were acknowledged: fewer than all means the
     * rest must be sent again (after {@link #lastStoredSeq}, since some may have arrived unacknowledged).
     */
    int publish(String sessionId, List<StoredLine> lines);

    /** The {@code seq} of the session's last event the broker holds, 0 when it holds none. */
    long lastStoredSeq(String sessionId) throws Exception;

    /** Puts each value ({@code null}: deletes the key); answers the ids the broker acknowledged. */
    Set<String> put(Bucket bucket, Map<String, byte[]> values);

    @Override
    void close();
}
