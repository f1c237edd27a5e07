package dev.zigd.forward;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;

import java.util.Map;

import org.jboss.logging.Logger;

import dev.zigd.files.AtomicFile;

/**
 * What the broker has acknowledged, on disk, as an append-only journal ({@code <home>/.zig/forward/checkpoints}):
 * {@code e <session> <seq> <offset>} (events up to {@code seq}, which end at byte {@code offset} of the log),
 * {@code s <session> <hash>} and {@code p <process> <hash>|-} (the bucket value last acknowledged, or deleted).
 * The last line of a key wins; a torn last line is ignored (the events after it are sent again, and dropped
 * by the broker's duplicate check or by the resend starting after the broker's last stored seq). Rewritten
 * compactly when it has grown to several times the live entries. The forwarder's thread only.
 */
final class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class);

    record Position(long seq, long offset) {
        static final Position START = new Position(0, 0);
    }

    private final Path file;
    private final Map<String, Position> events = new HashMap<>();
    private final Map<String, Long> sessions = new HashMap<>();
    private final Map<String, Long> processes = new HashMap<>();
    private final StringBuilder pending = new StringBuilder();
    private long journalLines;
    private BufferedWriter out;

    Checkpoints(Path file) {
        this.file = file;
    }

    void load() {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    journalLines++;
                    apply(line);
                }
            }
            compact();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read forward checkpoints " + file, e);
        }
        LOG.infof("forward checkpoints: %d sessions, %d session entries, %d processes", events.size(),
                sessions.size(), processes.size());
    }

    private void apply(String line) {
        String[] f = line.split(" ");
        try {
            switch (f[0]) {
                case "e" -> events.put(f[1], new Position(Long.parseLong(f[2]), Long.parseLong(f[3])));
                case "s" -> sessions.put(f[1], Long.parseLong(f[2]));
                case "p" -> {
                    if (f[2].equals("-")) {
                        processes.remove(f[1]);
                    } else {
                        processes.put(f[1], Long.parseLong(f[2]));
                    }
                }
                default -> LOG.debugf("checkpoint line ignored: %s", line);
            }
        } catch (RuntimeException e) {
            LOG.debugf("torn checkpoint line ignored: %s", line);
        }
    }

    Position events(String sessionId) {
        return events.getOrDefault(sessionId, Position.START);
    }

    boolean hasEvents(String sessionId) {
        return events.containsKey(sessionId);
    }

    void events(String sessionId, Position position) {
        events.put(sessionId, position);
        pending.append("e ").append(sessionId).append(' ').append(position.seq()).append(' ')
                .append(position.offset()).append('\n');
    }

    Long sessionHash(String sessionId) {
        return sessions.get(sessionId);
    }

    void sessionHash(String sessionId, long hash) {
        sessions.put(sessionId, hash);
        pending.append("s ").append(sessionId).append(' ').append(hash).append('\n');
    }

    Map<String, Long> processHashes() {
        return processes;
    }

    void processHash(String id, Long hash) {
        if (hash == null) {
            processes.remove(id);
        } else {
            processes.put(id, hash);
        }
        pending.append("p ").append(id).append(' ').append(hash == null ? "-" : hash.toString()).append('\n');
    }

    /** Appends what changed since the last flush (to the OS: a daemon crash keeps it, a machine crash may not). */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(pending.toString());
            out.flush();
            journalLines += pending.chars().filter(c -> c == '\n').count();
            pending.setLength(0);
            if (journalLines > 4L * (events.size() + sessions.size() + processes.size()) + 100_000) {
                compact();
            }
        } catch (IOException e) {
            LOG.errorf("cannot write forward checkpoints %s: %s (kept in memory, tried again)", file, e);
            closeQuietly();
        }
    }

    private void compact() throws IOException {
        closeQuietly();
        StringBuilder all = new StringBuilder();
        events.forEach((id, p) -> all.append("e ").append(id).append(' ').append(p.seq()).append(' ')
                .append(p.offset()).append('\n'));
        sessions.forEach((id, h) -> all.append("s ").append(id).append(' ').append(h).append('\n'));
        processes.forEach((id, h) -> all.append("p ").append(id).append(' ').append(h).append('\n'));
        AtomicFile.write(file, all.toString().getBytes(StandardCharsets.UTF_8));
        journalLines = events.size() + sessions.size() + processes.size();
    }

    void close() {
        flush();
        closeQuietly();
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // reopened on the next flush
            }
            out = null;
        }
    }

    /** FNV-1a 64 of a value: enough to tell "changed since last acknowledged". */
    static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
