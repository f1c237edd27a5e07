package dev.zigd.forward;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdConfig;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.SessionIndexListener;
import dev.zigd.log.StoredLinesListener;
import dev.zigd.log.WrittenEvent;

/**
 * What the forwarder has still to do, as the writer (and a follower of zig's logs) and the index report it: per
 * session the highest {@code seq} stored, and the index entries that changed. Holds no lines, so it stays small
 * however long the broker is away; never blocks its callers.
 */
@Singleton
public class ForwardQueue implements StoredLinesListener, SessionIndexListener {
    private final boolean enabled;
    /** Highest seq known to be in each session's file; the forwarder takes keys out as it works. */
    private final Map<String, Long> stored = new ConcurrentHashMap<>();
    private final Map<String, GlobalEntry> entries = new ConcurrentHashMap<>();
    private volatile Thread worker;

    public ForwardQueue(ZigdConfig config) {
        this.enabled = config.forward().natsUrl().filter(url -> !url.isBlank()).isPresent();
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public boolean wantsLines() {
        return enabled;
    }

    @Override
    public void linesStored(List<WrittenEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        WrittenEvent last = batch.get(batch.size() - 1);
        stored.merge(last.sessionId(), last.seq(), Math::max);
        wake();
    }

    @Override
    public void entryChanged(GlobalEntry entry) {
        if (enabled) {
            entries.put(entry.zigSessionId(), entry);
            wake();
        }
    }

    void workOn(Thread thread) {
        this.worker = thread;
    }

    private void wake() {
        Thread thread = worker;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Sessions with new lines (and the highest seq reported), taken out of the queue. */
    Map<String, Long> takeStored() {
        Map<String, Long> out = new java.util.HashMap<>();
        for (String id : stored.keySet()) {
            Long seq = stored.remove(id);
            if (seq != null) {
                out.put(id, seq);
            }
        }
        return out;
    }

    Map<String, GlobalEntry> takeEntries() {
        Map<String, GlobalEntry> out = new java.util.HashMap<>();
        for (String id : entries.keySet()) {
            GlobalEntry entry = entries.remove(id);
            if (entry != null) {
                out.put(id, entry);
            }
        }
        return out;
    }
}
