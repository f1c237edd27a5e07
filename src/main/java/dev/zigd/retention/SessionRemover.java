package dev.zigd.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdConfig.Durability;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.index.IndexFlusher;
import dev.zigd.index.SessionIndex;
import dev.zigd.lease.LeaseFiles;
import dev.zigd.log.LogReader;
import dev.zigd.retention.RemovalJournal.Content;
import dev.zigd.retention.RemovalJournal.Entry;
import dev.zigd.retention.RemovalJournal.Mode;

/**
 * Removes chosen sessions in an order that a crash cannot leave half done:
 *
 * <ol>
 * <li>the journal lists them (atomic, fsynced);</li>
 * <li>delete mode: they leave both in-memory indexes and every index file that listed them is written now, once
 * (atomic each); archive mode: each log is compressed to its archive (temp + rename), entries stay;</li>
 * <li>their logs (and archives, in delete mode) and lease leftovers are removed;</li>
 * <li>the journal is removed.</li>
 * </ol>
 *
 * However many sessions go, the removal holds no more than a list of their ids beside the index's own entries: the
 * journal is streamed to its file, and the answer lists only the first sessions. The sessions go in one batch,
 * so each index file is written once, at its new (small) size: removing in chunks would write the whole remaining
 * index once per chunk, and that write (its bytes, and the writer's cache of entries it had never written) weighs
 * more than all the rest (measured: 50,000 sessions in chunks of 5,000 ran out of a 192 MB heap; in one batch
 * they did not).
 *
 * <p>Recovery rule: a journal found at start (or before the next run) is rolled forward, the same steps again, each
 * one idempotent, before restart recovery looks for unindexed logs. So after recovery no entry is left without its
 * log and no log without its entry: the decision was taken and every session in it had ended, so finishing is
 * always right. A log whose session is still (or again) in the index is never deleted.
 */
@Singleton
public class SessionRemover {
    private static final Logger LOG = Logger.getLogger(SessionRemover.class);

    private final SessionIndex index;
    private final IndexFlusher flusher;
    private final LeaseFiles leases;
    private final RemovalJournal journal;
    private final RetentionStats stats;
    private final boolean durable;

    public SessionRemover(SessionIndex index, IndexFlusher flusher, LeaseFiles leases, RemovalJournal journal,
            RetentionStats stats, ZigdConfig config) {
        this.index = index;
        this.flusher = flusher;
        this.leases = leases;
        this.journal = journal;
        this.stats = stats;
        this.durable = config.durability() == Durability.FSYNC;
    }

    /** What a removal did: how many sessions went and the bytes that freed (log bytes less archive bytes). */
    public record Removed(int sessions, long bytesFreed, long archiveBytes) {
    }

    /** Blocking. Removes (or archives) these ended sessions; see the class comment for the order. */
    public Removed remove(List<Candidate> going, Mode mode) {
        if (going.isEmpty()) {
            return new Removed(0, 0, 0);
        }
        try {
            journal.write(mode, going);
        } catch (IOException e) {
            throw new ZigdException(ErrorCode.STORAGE_FAILED, "cannot write the retention journal: " + e.getMessage(), e);
        }
        // Entries made one at a time as the removal walks them, never all at once.
        List<Entry> entries = new AbstractList<>() {
            @Override
            public Entry get(int i) {
                Candidate candidate = going.get(i);
                return new Entry(candidate.id(), candidate.log().toString());
            }

            @Override
            public int size() {
                return going.size();
            }
        };
        return carryOut(new Content(mode, entries));
    }

    /** Blocking. Finishes a clean-up a crash (or a failed index write) interrupted; nothing when there is none. */
    public void completeInterrupted() {
        Optional<Content> pending = journal.read();
        if (pending.isPresent()) {
            LOG.infof("finishing an interrupted clean-up of %d sessions (%s)", pending.get().sessions().size(),
                    pending.get().mode());
            carryOut(pending.get());
        }
    }

    private Removed carryOut(Content content) {
        List<String> ids = content.sessions().stream().map(Entry::id).toList();
        if (content.mode() == Mode.DELETE) {
            index.removeEnded(ids);
            if (!flusher.flushNow()) {
                // The indexes on disk may still list them: their logs stay until a later run finishes the journal.
                throw new ZigdException(ErrorCode.STORAGE_FAILED,
                        "cannot write the session indexes; the clean-up is finished by the next run");
            }
        }
        int count = 0;
        long freed = 0;
        long archived = 0;
        // Listed once: most ended sessions have neither a lease left nor an archive, and a delete of a missing
        // file costs an exception in the JDK; over 100,000 sessions that is most of the time.
        Set<String> leaseLeftovers = new HashSet<>(leases.all());
        Map<Path, Boolean> archiveDirs = new HashMap<>();
        for (Entry entry : content.sessions()) {
            Path log = Path.of(entry.log());
            try {
                if (content.mode() == Mode.ARCHIVE) {
                    long size = Math.max(0, Selection.sizeOf(log));
                    if (size > 0 || Files.exists(log)) {
                        long archiveSize = LogArchiver.archive(log, durable);
                        Files.deleteIfExists(log);
                        freed += size - archiveSize;
                        archived += archiveSize;
                        count++;
                    }
                } else if (index.find(entry.id()).isEmpty()) {
                    long size = Math.max(0, Selection.sizeOf(log));
                    Files.deleteIfExists(log);
                    Path archive = LogReader.archived(log);
                    if (archiveDirs.computeIfAbsent(archive.getParent(), Files::isDirectory)) {
                        Files.deleteIfExists(archive);
                    }
                    freed += size;
                    count++;
                } else {
                    continue; // still (or again) indexed: never touched
                }
                if (leaseLeftovers.contains(entry.id())) {
                    leases.delete(entry.id());
                }
            } catch (IOException e) {
                LOG.errorf("cannot remove the log of session %s (%s): %s; the next run tries again", entry.id(), log,
                        e.getMessage());
                throw new ZigdException(ErrorCode.STORAGE_FAILED,
                        "cannot remove " + log + ": " + e.getMessage() + "; the next run finishes the clean-up", e);
            }
        }
        try {
            journal.delete();
        } catch (IOException e) {
            LOG.warnf("cannot remove the retention journal: %s (finishing it again is harmless)", e.getMessage());
        }
        stats.sessionsRemoved.addAndGet(count);
        stats.bytesFreed.addAndGet(freed);
        return new Removed(count, freed, archived);
    }
}
