package dev.zigd.forward.nats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.forward.EventSink;
import dev.zigd.forward.StoredLine;
import dev.zigd.forward.Subjects;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValueManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;

/**
 * Events to the JetStream stream ({@code zigd.events.<host>.<session>}, body = the stored line, message id
 * {@code <host>:<session>:<seq>}, headers {@code Zigd-Seq} and {@code Zigd-Type}); entries to the two key-value
 * buckets. A stream or bucket that does not exist is created with the {@code zigd.forward.*} retention settings; one
 * that exists is used as it is (the team's settings win).
 */
public final class NatsEventSink implements EventSink {
    private static final Logger LOG = Logger.getLogger(NatsEventSink.class);
    private static final int STREAM_NOT_FOUND = 10059;

    private final ZigdConfig.Forward config;
    private final String host;
    private Connection connection;
    private ConnectionProblems problems;
    private JetStream jetStream;
    private JetStreamManagement management;

    public NatsEventSink(ZigdConfig.Forward config, String host) {
        this.config = config;
        this.host = host;
    }

    @Override
    public void connect() throws Exception {
        if (connection == null) {
            NatsConnect.Connected made = NatsConnect.connect(config, "zigd-forward " + host);
            connection = made.connection();
            problems = made.problems();
        } else if (connection.getStatus() != Connection.Status.CONNECTED) {
            String reason = problems.latest();
            throw new IOException("not connected (" + connection.getStatus() + ")" + (reason == null ? "" : ": " + reason));
        }
        jetStream = connection.jetStream();
        management = connection.jetStreamManagement();
        ensureStream();
        ensureBucket(config.sessionsBucket(), "zigd session index entries, <host>.<session_id>");
        ensureBucket(config.processesBucket(), "zigd process entries with live status, <host>.<id>");
    }

    private void ensureStream() throws IOException, JetStreamApiException {
        try {
            management.getStreamInfo(config.stream());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            management.addStream(StreamConfiguration.builder()
                    .name(config.stream())
                    .description("zigd events: zigd.events.<host>.<session_id>, body = the stored log line")
                    .subjects(Subjects.EVENTS + ".>")
                    .storageType(StorageType.File)
                    .maxAge(config.streamMaxAge())
                    .maxBytes(config.streamMaxBytes())
                    .duplicateWindow(config.duplicateWindow())
                    .replicas(config.replicas())
                    .build());
            LOG.infof("created stream %s", config.stream());
        }
    }

    private void ensureBucket(String bucket, String description) throws IOException, JetStreamApiException {
        KeyValueManagement buckets = connection.keyValueManagement();
        try {
            buckets.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            buckets.create(KeyValueConfiguration.builder().name(bucket).description(description)
                    .maxHistoryPerKey(1).storageType(StorageType.File).replicas(config.replicas()).build());
            LOG.infof("created key-value bucket %s", bucket);
        }
    }

    @Override
    public boolean isConnected() {
        return connection != null && jetStream != null && connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public int publish(String sessionId, List<StoredLine> lines) {
        String subject = Subjects.eventSubject(host, sessionId);
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(lines.size());
        long maxPayload = connection.getMaxPayload();
        for (StoredLine line : lines) {
            if (connection.getStatus() != Connection.Status.CONNECTED) {
                break;
            }
            if (line.bytes().length + 256 > maxPayload) {
                // The server can never take it: skipped (and said so), rather than stalling every session behind it.
                LOG.errorf("event %s seq %d is %d bytes, more than the server's max_payload (%d): not forwarded;"
                        + " raise max_payload (docs/fleet.md)", sessionId, line.seq(), line.bytes().length, maxPayload);
                acks.add(CompletableFuture.completedFuture(null));
                continue;
            }
            Headers headers = new Headers().put(Subjects.SEQ_HEADER, Long.toString(line.seq()))
                    .put(Subjects.TYPE_HEADER, line.type());
            PublishOptions options = PublishOptions.builder().expectedStream(config.stream())
                    .messageId(Subjects.messageId(host, sessionId, line.seq())).build();
            try {
                acks.add(jetStream.publishAsync(subject, headers, line.bytes(), options));
            } catch (RuntimeException e) {
                LOG.debugf("publish of %s seq %d refused: %s", sessionId, line.seq(), e.getMessage());
                break;
            }
        }
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        int acked = 0;
        for (CompletableFuture<PublishAck> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked++;
            } catch (Exception e) {
                LOG.debugf("no acknowledgement for %s seq %d: %s", sessionId, lines.get(acked).seq(), e.toString());
                break;
            }
        }
        return acked;
    }

    @Override
    public long lastStoredSeq(String sessionId) throws Exception {
        MessageInfo last = EventMessages.last(management, config.stream(), Subjects.eventSubject(host, sessionId));
        return last == null ? 0 : EventMessages.seq(last.getHeaders());
    }

    @Override
    public Set<String> put(Bucket bucket, Map<String, byte[]> values) {
        String name = bucket == Bucket.SESSIONS ? config.sessionsBucket() : config.processesBucket();
        List<String> ids = new ArrayList<>(values.size());
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(values.size());
        for (Map.Entry<String, byte[]> value : values.entrySet()) {
            String subject = "$KV." + name + "." + Subjects.key(host, value.getKey());
            try {
                if (value.getValue() == null) {
                    acks.add(jetStream.publishAsync(subject, new Headers().put("KV-Operation", "DEL"), new byte[0]));
                } else {
                    acks.add(jetStream.publishAsync(subject, value.getValue()));
                }
                ids.add(value.getKey());
            } catch (RuntimeException e) {
                break;
            }
        }
        Set<String> acked = new LinkedHashSet<>();
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(ids.get(i));
            } catch (Exception e) {
                LOG.debugf("no acknowledgement for %s %s: %s", name, ids.get(i), e.toString());
            }
        }
        return acked;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            connection = null;
            problems = null;
            jetStream = null;
        }
    }
}
