package dev.zigd.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What readers see: the entries of the last good version of the file (zigd's own last write, or another writer's
 * version it read since), in file order, and when zigd saw each changed pid recorded. Immutable.
 */
public final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(List.of(), Map.of());

    /** A pid zigd saw recorded at {@code at}: set through the API, or changed by another writer. */
    record PidSince(long pid, Instant at) {
    }

    private final List<ProcessEntry> entries;
    private final Map<String, ProcessEntry> byId;
    private final Map<String, PidSince> pidSince;
    private volatile List<ProcessEntry> recent;

    Snapshot(List<ProcessEntry> entries, Map<String, PidSince> pidSince) {
        this.entries = List.copyOf(entries);
        this.pidSince = Map.copyOf(pidSince);
        Map<String, ProcessEntry> index = new HashMap<>(entries.size() * 2);
        for (ProcessEntry entry : entries) {
            index.putIfAbsent(entry.id(), entry); // zag's find(): the first entry with the id
        }
        this.byId = index;
    }

    /** In file order. */
    public List<ProcessEntry> entries() {
        return entries;
    }

    public Optional<ProcessEntry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Recent first, as zag's {@code list_recent}; sorted once per snapshot. */
    public List<ProcessEntry> recent() {
        List<ProcessEntry> sorted = recent;
        if (sorted == null) {
            sorted = List.copyOf(RecentFirst.sort(entries));
            recent = sorted;
        }
        return sorted;
    }

    /**
     * {@code running} or {@code dead} for an entry marked running (whether its process is alive and is still the
     * same process), else the stored status.
     */
    public String liveStatus(ProcessEntry entry) {
        if (!entry.isRunning()) {
            return entry.status();
        }
        return Liveness.isAlive(entry.pid(), pidRecordedAt(entry)) ? ProcessEntry.RUNNING : "dead";
    }

    /**
     * What gc removes: entries not running (by their live status: marked otherwise, or their process is gone) that
     * started before {@code cutoff}, recent first. An entry whose {@code started_at} does not parse is kept.
     */
    List<ProcessEntry> collectable(Instant cutoff) {
        List<ProcessEntry> out = new ArrayList<>();
        for (ProcessEntry entry : recent()) {
            Instant started = RecentFirst.parse(entry.startedAt());
            if (started != null && started.isBefore(cutoff) && !ProcessEntry.RUNNING.equals(liveStatus(entry))) {
                out.add(entry);
            }
        }
        return out;
    }

    /**
     * When the entry's pid was recorded: {@code started_at} for the pid it was registered with, or the moment zigd
     * set a new pid or first saw another writer change it. A process that started after that moment (beyond
     * {@link Liveness#SLACK}) is not the one recorded: the pid was reused. Null when {@code started_at} does not
     * parse and no pid change was seen: reuse is then not checked.
     */
    Instant pidRecordedAt(ProcessEntry entry) {
        Instant started = RecentFirst.parse(entry.startedAt());
        PidSince since = pidSince.get(entry.id());
        if (since == null || since.pid() != entry.pid()) {
            return started;
        }
        return started == null || since.at().isAfter(started) ? since.at() : started;
    }
}
