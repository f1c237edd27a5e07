package dev.zigd.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.event.ZigJson;
import dev.zigd.forward.Checkpoints.Position;
import dev.zigd.forward.EventSink.Bucket;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.SessionIndex;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The forwarding loop, on its own thread: each round takes the sessions with new lines, publishes at most one
 * batch of each (read from the log after its checkpoint), puts changed index entries and process entries, and
 * appends the new checkpoints. While the broker is away it only retries the connection; the writer and the
 * request threads never wait for it. After a failed batch the session's resend starts after the last seq the
 * broker holds, so a message that arrived without its acknowledgement is not stored twice (even beyond the
 * stream's duplicate window).
 */
@Singleton
public class Forwarder {
    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    private static final int ENTRIES_PER_ROUND = 2_000;

    private enum Result {
        DONE, MORE, FAILED
    }

    private final ForwardQueue queue;
    private final SessionIndex index;
    private final Instance<EventSink> sinks;
    private final ProcessEntries processes;
    private final ZigdConfig.Forward config;
    private final Path checkpointFile;
    private final String host;

    private final AtomicLong forwarded = new AtomicLong();
    /** Per session with lines not yet acknowledged: how many (when known from the writer; else 1). */
    private final Map<String, Long> behind = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private volatile String notConnectedReason;
    private volatile boolean running;
    private Thread thread;

    // The forwarding thread only.
    private EventSink sink;
    private Checkpoints checkpoints;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> verified = new java.util.HashSet<>();
    private final Map<String, Long> knownSeq = new HashMap<>();
    private final Map<String, GlobalEntry> pendingEntries = new LinkedHashMap<>();

    public Forwarder(ForwardQueue queue, SessionIndex index, Instance<EventSink> sinks, ProcessEntries processes,
            ZigdConfig config, ZigdPaths paths) {
        this.queue = queue;
        this.index = index;
        this.sinks = sinks;
        this.processes = processes;
        this.config = config.forward();
        this.checkpointFile = paths.zigDir().resolve("forward").resolve("checkpoints");
        this.host = Subjects.host(config.hostName());
    }

    /** After dev.zigd.Daemon (priority 1) has loaded the indexes. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (!queue.enabled()) {
            return;
        }
        sink = sinks.get();
        running = true;
        thread = new Thread(this::run, "zigd-forward");
        thread.setDaemon(true);
        queue.workOn(thread);
        thread.start();
        LOG.infof("forwarding to %s as host '%s'", ShownUrls.of(config.natsUrl().orElse("")), host);
    }

    /** After the writer has drained (priority 1): what is acknowledged is checkpointed; the rest goes next start. */
    void onStop(@Observes @Priority(20) ShutdownEvent event) {
        if (thread == null) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean enabled() {
        return queue.enabled();
    }

    public String host() {
        return host;
    }

    public boolean connected() {
        return connected;
    }

    /** Why the last attempt to connect failed (the server's reason, the TLS failure; no secret), or null. */
    public String notConnectedReason() {
        return connected ? null : notConnectedReason;
    }

    public long forwardedEvents() {
        return forwarded.get();
    }

    /** Events written but not yet acknowledged by the broker (sessions found behind by a file scan count 1). */
    public long lagEvents() {
        long sum = 0;
        for (long n : behind.values()) {
            sum += n;
        }
        return sum;
    }

    public int lagSessions() {
        return behind.size();
    }

    // ---- the forwarding thread --------------------------------------------------------------------------------

    private void run() {
        try {
            checkpoints = new Checkpoints(checkpointFile);
            checkpoints.load();
            scanAll();
            long nextPoll = 0;
            boolean wasDown = false;
            while (running) {
                takeQueued();
                if (!sink.isConnected()) {
                    connected = false;
                    try {
                        sink.connect();
                        verified.clear();
                        notConnectedReason = null;
                        LOG.infof("forwarding: connected to %s", ShownUrls.of(config.natsUrl().orElse("")));
                        wasDown = false;
                    } catch (Exception e) {
                        notConnectedReason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        if (!wasDown) {
                            LOG.warnf("forwarding: broker not reachable (%s); events are kept in the logs and sent"
                                    + " once connected", e.getMessage());
                            wasDown = true;
                        }
                        pause(config.retryInterval());
                        continue;
                    }
                }
                connected = true;
                long now = System.nanoTime();
                boolean due = now - nextPoll >= 0;
                if (due) {
                    sweepOpenSessions();
                    nextPoll = now + config.pollInterval().toNanos();
                }
                boolean failed = !putEntries() || !putProcesses(due);
                if (!failed) {
                    failed = forwardRound();
                }
                checkpoints.flush();
                if (failed) {
                    // Connected again from scratch next round, which also recreates a stream or bucket that
                    // was deleted meanwhile; the failed sessions resend after what the stream holds.
                    sink.close();
                    connected = false;
                    pause(config.retryInterval());
                } else if (dirty.isEmpty() && pendingEntries.isEmpty()) {
                    LockSupport.parkNanos(Math.max(1, nextPoll - System.nanoTime()));
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("forwarding stopped unexpectedly", e);
        } finally {
            if (checkpoints != null) {
                checkpoints.close();
            }
            if (sink != null) {
                sink.close();
            }
            connected = false;
        }
    }

    private void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    private void takeQueued() {
        queue.takeStored().forEach((id, seq) -> {
            dirty.add(id);
            knownSeq.merge(id, seq, Math::max);
            long acked = checkpoints.events(id).seq();
            behind.put(id, Math.max(1, knownSeq.get(id) - acked));
        });
        pendingEntries.putAll(queue.takeEntries());
    }

    /** At start: every session whose log grew past its checkpoint, every entry changed since it was last put. */
    private void scanAll() {
        for (GlobalEntry entry : index.list(e -> true, Integer.MAX_VALUE)) {
            String id = entry.zigSessionId();
            Long hash = checkpoints.sessionHash(id);
            if (hash == null || hash != Checkpoints.hash(json(entry))) {
                pendingEntries.put(id, entry);
            }
            checkGrowth(entry);
        }
        LOG.infof("forwarding: %d sessions have events to send, %d index entries to put", dirty.size(),
                pendingEntries.size());
    }

    /** Open sessions whose file grew without the writer saying so: zig writing its own logs. */
    private void sweepOpenSessions() {
        for (GlobalEntry entry : index.list(GlobalEntry::isOpen, Integer.MAX_VALUE)) {
            if (!dirty.contains(entry.zigSessionId())) {
                checkGrowth(entry);
            }
        }
    }

    private void checkGrowth(GlobalEntry entry) {
        if (entry.logPath() == null) {
            return;
        }
        try {
            long size = Files.size(Path.of(entry.logPath()));
            if (size != checkpoints.events(entry.zigSessionId()).offset()) {
                dirty.add(entry.zigSessionId());
                behind.putIfAbsent(entry.zigSessionId(), 1L);
            }
        } catch (IOException | RuntimeException e) {
            // no log (yet, or any more): nothing to send
        }
    }

    /** One batch of every session with lines to send; true when the broker failed. */
    private boolean forwardRound() {
        for (String id : new ArrayList<>(dirty)) {
            if (!running) {
                return false;
            }
            Result result = forwardBatch(id);
            if (result == Result.FAILED) {
                return true;
            }
            if (result == Result.DONE) {
                dirty.remove(id);
                long acked = checkpoints.events(id).seq();
                if (knownSeq.getOrDefault(id, 0L) <= acked) {
                    behind.remove(id);
                    knownSeq.remove(id);
                }
            }
        }
        return false;
    }

    private Result forwardBatch(String id) {
        GlobalEntry entry = index.find(id).map(view -> view.global()).orElse(null);
        if (entry == null || entry.logPath() == null) {
            return Result.DONE;
        }
        Position position = checkpoints.events(id);
        if (!verified.contains(id)) {
            try {
                long last = sink.lastStoredSeq(id);
                if (last > position.seq()) {
                    position = new Position(last, position.offset());
                    checkpoints.events(id, position);
                }
                verified.add(id);
            } catch (Exception e) {
                LOG.debugf("forwarding: cannot ask the broker about %s: %s", id, e.getMessage());
                return Result.FAILED;
            }
        }
        LogChunks.Chunk chunk;
        try {
            if (Files.size(Path.of(entry.logPath())) < position.offset()) {
                // A shorter file than the checkpoint knew (replaced): read it from the start, after the same seq.
                position = new Position(position.seq(), 0);
            }
            chunk = LogChunks.read(Path.of(entry.logPath()), position.offset(), position.seq(), config.batchSize());
        } catch (NoSuchFileException e) {
            return Result.DONE;
        } catch (IOException e) {
            LOG.errorf("forwarding: cannot read %s: %s", entry.logPath(), e);
            return Result.DONE;
        }
        if (chunk.lines().isEmpty()) {
            if (chunk.endOffset() > position.offset()) {
                checkpoints.events(id, new Position(position.seq(), chunk.endOffset()));
            }
            return Result.DONE;
        }
        int acked = sink.publish(id, chunk.lines());
        if (acked > 0) {
            StoredLine last = chunk.lines().get(acked - 1);
            checkpoints.events(id, new Position(last.seq(), last.endOffset()));
            forwarded.addAndGet(acked);
            long known = knownSeq.getOrDefault(id, 0L);
            if (known > last.seq()) {
                behind.put(id, known - last.seq());
            }
        }
        if (acked < chunk.lines().size()) {
            verified.remove(id);
            return Result.FAILED;
        }
        return chunk.more() ? Result.MORE : Result.DONE;
    }

    /** Puts changed index entries (a bounded number per round); false when the broker failed. */
    private boolean putEntries() {
        if (pendingEntries.isEmpty()) {
            return true;
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (GlobalEntry entry : pendingEntries.values()) {
            values.put(entry.zigSessionId(), json(entry));
            if (values.size() >= ENTRIES_PER_ROUND) {
                break;
            }
        }
        Set<String> acked = sink.put(Bucket.SESSIONS, values);
        for (String id : acked) {
            checkpoints.sessionHash(id, Checkpoints.hash(values.get(id)));
            pendingEntries.remove(id);
        }
        return acked.size() == values.size();
    }

    /** Puts process entries whose stored fields or live status changed, deletes removed ones. */
    private boolean putProcesses(boolean due) {
        if (!due) {
            return true;
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        Map<String, byte[]> current = processes.current();
        Map<String, Long> known = checkpoints.processHashes();
        current.forEach((id, bytes) -> {
            Long hash = known.get(id);
            if (hash == null || hash != Checkpoints.hash(bytes)) {
                values.put(id, bytes);
            }
        });
        for (String id : known.keySet()) {
            if (!current.containsKey(id)) {
                values.put(id, null);
            }
        }
        if (values.isEmpty()) {
            return true;
        }
        Set<String> acked = sink.put(Bucket.PROCESSES, values);
        for (String id : acked) {
            byte[] bytes = values.get(id);
            checkpoints.processHash(id, bytes == null ? null : Checkpoints.hash(bytes));
        }
        return acked.size() == values.size();
    }

    private static byte[] json(GlobalEntry entry) {
        try {
            return ZigJson.MAPPER.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
