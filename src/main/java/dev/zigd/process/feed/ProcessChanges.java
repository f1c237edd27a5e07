package dev.zigd.process.feed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.zigd.Threads;
import dev.zigd.config.ZigdConfig;
import dev.zigd.event.ZigJson;
import dev.zigd.process.ProcessEntry;
import dev.zigd.process.ProcessStore;
import dev.zigd.process.ProcessView;
import dev.zigd.process.Snapshot;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The processes as subscribers last saw them, and the frames that bring them up to date: {@code added},
 * {@code updated}, {@code removed} when the file changed, {@code died} when a process marked running is found gone
 * (checked every {@code zigd.follow.process-check-interval}, only while someone listens). Works on its own thread:
 * the store's thread only hands the new state over.
 */
@Singleton
public class ProcessChanges {
    private static final Logger LOG = Logger.getLogger(ProcessChanges.class);

    private final ProcessStore store;
    private final ExecutorService thread = Threads.single("zigd-process-feed");
    private final List<ProcessSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final java.time.Duration checkInterval;
    private Cancellable ticker;

    // The feed's thread only (and the lock, for a consistent snapshot + registration).
    private Map<String, ProcessView> known = new LinkedHashMap<>();
    private Map<String, ProcessEntry> knownEntries = new LinkedHashMap<>();
    private Snapshot current;
    /** {@link #known} is behind {@link #current}: nobody listened when it changed. */
    private boolean stale = true;

    public ProcessChanges(ProcessStore store, ZigdConfig config) {
        this.store = store;
        this.checkInterval = config.follow().processCheckInterval();
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        thread.execute(() -> current = store.snapshot());
        store.onSnapshot(snapshot -> thread.execute(() -> update(snapshot)));
        ticker = Multi.createFrom().ticks().every(checkInterval)
                .onOverflow().drop()
                .subscribe().with(tick -> {
                    if (!subscribers.isEmpty()) {
                        thread.execute(this::checkLiveness);
                    }
                }, failure -> LOG.error("process liveness checks stopped", failure));
    }

    void onStop(@Observes @Priority(0) ShutdownEvent event) {
        if (ticker != null) {
            ticker.cancel();
        }
        subscribers.forEach(s -> s.close(1001, "zigd is shutting down"));
        thread.shutdown();
    }

    /** Registers a subscriber: its first frame is the snapshot, then every change after it, in order. */
    public void subscribe(ProcessSubscriber subscriber) {
        thread.execute(() -> {
            if (stale) {
                rebuild();
            }
            subscribers.add(subscriber);
            ObjectNode frame = ZigJson.MAPPER.createObjectNode();
            frame.put("change", "snapshot");
            frame.set("processes", ZigJson.MAPPER.valueToTree(new ArrayList<>(known.values())));
            subscriber.offer(write(frame));
        });
    }

    public void unsubscribe(ProcessSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    /**
     * A new state from the store. Nobody listening: only remembered (no liveness check, no frame). Otherwise only
     * the entries that changed are looked at (their liveness read again); the others keep their view.
     */
    private void update(Snapshot snapshot) {
        current = snapshot;
        if (subscribers.isEmpty()) {
            stale = true;
            return;
        }
        if (stale) {
            rebuild();
            return;
        }
        Map<String, ProcessView> next = new LinkedHashMap<>();
        Map<String, ProcessEntry> nextEntries = new LinkedHashMap<>();
        for (ProcessEntry entry : snapshot.recent()) {
            if (nextEntries.containsKey(entry.id()) || snapshot.find(entry.id()).orElse(null) != entry) {
                continue; // zag's find() returns the first entry with an id
            }
            nextEntries.put(entry.id(), entry);
            ProcessView before = known.get(entry.id());
            if (before != null && entry.equals(knownEntries.get(entry.id()))) {
                next.put(entry.id(), before);
                continue;
            }
            ProcessView now = ProcessView.of(entry, snapshot.liveStatus(entry));
            next.put(entry.id(), now);
            if (before == null) {
                emit("added", now);
            } else if (!before.equals(now)) {
                emit(diedOnly(before, now) ? "died" : "updated", now);
            }
        }
        for (Map.Entry<String, ProcessView> entry : known.entrySet()) {
            if (!next.containsKey(entry.getKey())) {
                emit("removed", entry.getValue());
            }
        }
        known = next;
        knownEntries = nextEntries;
    }

    /** Every view computed again from the current state (after a time without subscribers). */
    private void rebuild() {
        known = new LinkedHashMap<>();
        knownEntries = new LinkedHashMap<>();
        if (current != null) {
            for (ProcessEntry entry : current.recent()) {
                if (!knownEntries.containsKey(entry.id()) && current.find(entry.id()).orElse(null) == entry) {
                    knownEntries.put(entry.id(), entry);
                    known.put(entry.id(), ProcessView.of(entry, current.liveStatus(entry)));
                }
            }
        }
        stale = false;
    }

    /** Only the live status of a process marked running changed, to dead: no one wrote anything. */
    private static boolean diedOnly(ProcessView before, ProcessView now) {
        return ProcessEntry.RUNNING.equals(before.liveStatus()) && "dead".equals(now.liveStatus())
                && Objects.equals(before.status(), now.status()) && before.pid() == now.pid();
    }

    private void checkLiveness() {
        if (current == null || stale) {
            return;
        }
        for (ProcessEntry entry : current.entries()) {
            ProcessView before = known.get(entry.id());
            if (before == null || !entry.isRunning() || !ProcessEntry.RUNNING.equals(before.liveStatus())
                    || !before.id().equals(entry.id()) || before.pid() != entry.pid()) {
                continue;
            }
            String live = current.liveStatus(entry);
            if (!live.equals(before.liveStatus())) {
                ProcessView now = ProcessView.of(entry, live);
                known.put(entry.id(), now);
                emit("died", now);
            }
        }
    }

    private void emit(String change, ProcessView process) {
        if (subscribers.isEmpty()) {
            return;
        }
        ObjectNode frame = ZigJson.MAPPER.createObjectNode();
        frame.put("change", change);
        frame.set("process", ZigJson.MAPPER.valueToTree(process));
        String text = write(frame);
        subscribers.forEach(s -> s.offer(text));
    }

    private static String write(ObjectNode frame) {
        try {
            return ZigJson.MAPPER.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
