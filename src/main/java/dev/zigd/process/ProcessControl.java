package dev.zigd.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.inject.Singleton;

import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;

/**
 * What {@code /api/v1/processes} does, on worker threads (it reads /proc, runs {@code kill} and waits for the
 * store): reads with live status, status and pid changes, stop, kill, gc.
 */
@Singleton
public class ProcessControl {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ProcessStore store;
    /** Stop and kill check, signal and record one at a time, so a second kill sees the first one's status. */
    private final ReentrantLock signalling = new ReentrantLock();

    public ProcessControl(ProcessStore store) {
        this.store = store;
    }

    List<ProcessView> list(boolean runningOnly, String provider, int limit) {
        Snapshot snapshot = store.fresh();
        List<ProcessView> out = new ArrayList<>();
        for (ProcessEntry entry : snapshot.recent()) {
            if (out.size() >= limit) {
                break;
            }
            if (provider != null && !provider.isEmpty() && !provider.equals(entry.provider())) {
                continue;
            }
            String live = snapshot.liveStatus(entry);
            if (runningOnly && !live.equals(ProcessEntry.RUNNING)) {
                continue;
            }
            out.add(ProcessView.of(entry, live));
        }
        return out;
    }

    ProcessView get(String id) {
        Snapshot snapshot = store.fresh();
        ProcessEntry entry = snapshot.find(id).orElseThrow(() -> ProcessStore.notFound(id));
        return ProcessView.of(entry, snapshot.liveStatus(entry));
    }

    ProcessView setStatus(String id, ProcessRequests.StatusChange change) {
        return view(store.updateStatus(id, change.status(), change.exitCode()).await().atMost(WAIT));
    }

    ProcessView setPid(String id, long pid) {
        return view(store.updatePid(id, pid).await().atMost(WAIT));
    }

    /** SIGHUP to a running entry's process; the status is left to the process (zag records how it ended). */
    ProcessView stop(String id) {
        signalling.lock();
        try {
            ProcessEntry entry = runningEntry(id);
            Signals.hangUp(entry.pid());
            return view(entry);
        } finally {
            signalling.unlock();
        }
    }

    /** SIGTERM to a running entry's process, then status {@code killed}. */
    ProcessView kill(String id) {
        signalling.lock();
        try {
            ProcessEntry entry = runningEntry(id);
            Signals.terminate(entry.pid());
            return view(store.updateStatus(id, ProcessEntry.KILLED, null).await().atMost(WAIT));
        } finally {
            signalling.unlock();
        }
    }

    /** The answer of gc: {@code {"removed":[ids],"dry_run":bool}}. */
    public record GcResult(List<String> removed, boolean dryRun) {
    }

    GcResult gc(ProcessRequests.Gc request) {
        Instant cutoff = Instant.now().minus(request.olderThan());
        if (!request.dryRun()) {
            return new GcResult(store.collect(cutoff).await().atMost(WAIT), false);
        }
        Set<String> removable = new LinkedHashSet<>();
        store.fresh().collectable(cutoff).forEach(e -> removable.add(e.id()));
        return new GcResult(List.copyOf(removable), true);
    }

    /** The entry, if it is marked running and its process is alive; else 409 {@code not_running}. */
    private ProcessEntry runningEntry(String id) {
        Snapshot snapshot = store.fresh();
        ProcessEntry entry = snapshot.find(id).orElseThrow(() -> ProcessStore.notFound(id));
        String live = snapshot.liveStatus(entry);
        if (!live.equals(ProcessEntry.RUNNING)) {
            throw new ZigdException(ErrorCode.NOT_RUNNING, "Process " + id + " is not running (status: " + live + ")");
        }
        return entry;
    }

    private ProcessView view(ProcessEntry entry) {
        return ProcessView.of(entry, store.snapshot().liveStatus(entry));
    }
}
