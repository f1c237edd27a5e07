package dev.zigd.forward;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.zigd.event.ZigJson;
import dev.zigd.process.ProcessEntry;
import dev.zigd.process.ProcessStore;
import dev.zigd.process.ProcessView;
import dev.zigd.process.Snapshot;

/**
 * The process entries as the API shows them (with {@code live_status}), by id, as JSON: what the processes bucket
 * should hold for this host. Read by polling rather than told by the store, because a live status changes
 * without any write (the process exits or dies) and zag writes the file itself.
 */
@Singleton
public class ProcessEntries {
    private final ProcessStore store;

    public ProcessEntries(ProcessStore store) {
        this.store = store;
    }

    /** Blocking (reads the file again when another writer changed it, and /proc). */
    Map<String, byte[]> current() {
        Snapshot snapshot = store.fresh();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (ProcessEntry entry : snapshot.entries()) {
            if (out.containsKey(entry.id())) {
                continue; // zag's find(): the first entry with an id
            }
            try {
                out.put(entry.id(), ZigJson.MAPPER.writeValueAsBytes(ProcessView.of(entry, snapshot.liveStatus(entry))));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
