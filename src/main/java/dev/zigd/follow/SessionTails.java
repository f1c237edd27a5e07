package dev.zigd.follow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.zigd.index.GlobalEntry;
import dev.zigd.index.SessionIndex;
import dev.zigd.index.SessionIndex.SessionView;
import dev.zigd.log.StoredLinesListener;
import dev.zigd.log.WrittenEvent;

/**
 * The open sessions zigd does not write itself, each with its {@link FollowedLog}. A session is followed once the
 * indexes list it open and zigd does not own it (zig writes its log before its indexes; a log no index lists yet
 * waits for them); it is let go once its {@code zig_session_ended} is read, once the indexes say it ended, or once
 * zigd writes it (it took it over). Follower thread only, except {@link #handedOver}.
 */
final class SessionTails {
    private static final Logger LOG = Logger.getLogger(SessionTails.class);

    private final SessionIndex index;
    private final Path zigDir;
    private final List<StoredLinesListener> listeners;
    private final Map<String, FollowedLog> followed = new HashMap<>();
    /** Sessions zigd writes itself: owned stays owned, so once seen they need no index lookup again. */
    private final Set<String> owned = new HashSet<>();
    /**
     * Sessions whose {@code zig_session_ended} was read while the indexes may still list them open (zig stamps them
     * right after): not followed again from the start. Dropped once the indexes agree.
     */
    private final Set<String> finished = new HashSet<>();
    /** Sessions being ended by the writer: not followed again meanwhile. Touched by the writer's callbacks too. */
    private final Set<String> handedOver = ConcurrentHashMap.newKeySet();
    private long linesHandedOn;
    private long reads;

    SessionTails(SessionIndex index, Path zigDir, List<StoredLinesListener> listeners) {
        this.index = index;
        this.zigDir = zigDir;
        this.listeners = listeners;
    }

    Collection<FollowedLog> all() {
        return followed.values();
    }

    int count() {
        return followed.size();
    }

    long linesHandedOn() {
        return linesHandedOn;
    }

    /** How many times a followed log was stat'ed or read: what idle sessions must not add to. */
    long reads() {
        return reads;
    }

    /** A log changed (or appeared): reads what is new, starting to follow it if it is a session to follow. */
    void logChanged(Path file) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".jsonl".length());
        if (owned.contains(id)) {
            return;
        }
        FollowedLog log = followed.get(id);
        if (log != null) {
            tail(log);
        } else {
            follow(id);
        }
    }

    /** After the indexes changed: follows sessions newly listed open, lets go of those listed ended. */
    void reconcile() {
        for (GlobalEntry entry : index.list(GlobalEntry::isOpen, Integer.MAX_VALUE)) {
            if (!followed.containsKey(entry.zigSessionId()) && !owned.contains(entry.zigSessionId())) {
                follow(entry.zigSessionId());
            }
        }
        for (FollowedLog log : List.copyOf(followed.values())) {
            Optional<SessionView> session = index.find(log.sessionId);
            if (session.isEmpty() || !session.get().isOpen()) {
                tail(log); // the lines written before the indexes were stamped
                followed.remove(log.sessionId);
            }
        }
        finished.removeIf(id -> index.find(id).map(session -> !session.isOpen()).orElse(true));
    }

    /** Every followed log looked at again (the rescan). */
    void tailAll() {
        List.copyOf(followed.values()).forEach(this::tail);
    }

    private void follow(String id) {
        if (handedOver.contains(id) || finished.contains(id)) {
            return;
        }
        if (index.isOwned(id)) {
            owned.add(id);
            return;
        }
        Optional<SessionView> found = index.find(id);
        if (found.isEmpty() || !found.get().isOpen()) {
            return;
        }
        GlobalEntry entry = found.get().global();
        FollowedLog log = new FollowedLog(id, Path.of(entry.logPath()), zigDir, entry.workflowName(),
                entry.project().isEmpty() ? null : entry.project());
        followed.put(id, log);
        LOG.debugf("following %s (%s)", id, log.file);
        tail(log);
    }

    /** Reads what is new in one log and hands it on. */
    void tail(FollowedLog log) {
        if (index.isOwned(log.sessionId)) {
            owned.add(log.sessionId);
            followed.remove(log.sessionId);
            return;
        }
        reads++;
        List<WrittenEvent> lines;
        try {
            lines = log.readNew();
        } catch (IOException e) {
            LOG.warnf("cannot read %s: %s", log.file, e.getMessage());
            return;
        }
        handOn(lines);
        if (log.ended()) {
            followed.remove(log.sessionId);
            finished.add(log.sessionId);
        }
    }

    private void handOn(List<WrittenEvent> lines) {
        if (lines.isEmpty()) {
            return;
        }
        linesHandedOn += lines.size();
        for (StoredLinesListener listener : listeners) {
            if (listener.wantsLines()) {
                try {
                    listener.linesStored(lines);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "a listener failed on %d followed lines", lines.size());
                }
            }
        }
    }

    /** Stops following a session the writer is about to end; see {@link #released}. */
    void handOver(FollowedLog log) {
        followed.remove(log.sessionId);
        handedOver.add(log.sessionId);
    }

    /** The writer is done with a session handed over (whether it could end it or not). Any thread. */
    void released(String id) {
        handedOver.remove(id);
    }
}
