package dev.zigd.follow;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.zigd.files.ContainedFiles;
import dev.zigd.log.LogReader;
import dev.zigd.log.LogReader.StoredLine;
import dev.zigd.log.WrittenEvent;

/**
 * The tail of one session log another program writes: where zigd stopped reading, the bytes of a line not finished
 * yet, and the last {@code seq} handed on. Each read takes only the bytes added since; the file is opened for the
 * read and closed again, so an idle log costs no I/O and holds no descriptor. A file that shrank (truncated) or is
 * another file now (replaced: a new inode) is read again from its start; lines whose {@code seq} was handed on
 * already are not handed on twice. Follower thread only.
 */
final class FollowedLog {
    /** A line longer than this without its newline is not a line zig writes; it is dropped. */
    private static final int MAX_PARTIAL = 64 << 20;
    private static final int CHUNK = 1 << 16;

    final String sessionId;
    final Path file;
    /** {@code <home>/.zig}: a log an index names is read only inside it, never through a link. */
    private final Path zigDir;
    private final String workflowName;
    private final String workspacePath;
    private Object fileKey;
    private long offset;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long lastSeq;
    private boolean ended;
    /** {@link System#nanoTime()} of the last time the file grew (or was first seen): a monotonic quiet clock. */
    long lastGrowthNanos = System.nanoTime();
    /** Some process was seen holding the file open. */
    boolean seenHeld;
    /** Looked for a holder at least once. */
    boolean holderChecked;
    /** The process last seen holding it (0: none yet), looked into first next time. */
    long holderPid;
    /** The file as {@code /proc/<pid>/fd} links name it; resolved once. */
    private String linkName;

    FollowedLog(String sessionId, Path file, Path zigDir, String workflowName, String workspacePath) {
        this.sessionId = sessionId;
        this.file = file;
        this.zigDir = zigDir;
        this.workflowName = workflowName;
        this.workspacePath = workspacePath;
    }

    String linkName() {
        if (linkName == null) {
            linkName = Holders.linkName(file);
        }
        return linkName;
    }

    boolean ended() {
        return ended;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The whole lines added since the last read, as stored; blocking (a stat, and a read when it grew). */
    List<WrittenEvent> readNew() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (!Objects.equals(fileKey, attributes.fileKey()) || attributes.size() < offset) {
            // Replaced or truncated: from the start; seq keeps already handed-on lines out.
            fileKey = attributes.fileKey();
            offset = 0;
            partial.reset();
        }
        if (attributes.size() == offset) {
            return List.of();
        }
        lastGrowthNanos = System.nanoTime();
        List<WrittenEvent> out = new ArrayList<>();
        try (FileChannel channel = ContainedFiles.open(zigDir, file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            while (true) {
                buffer.clear();
                int read = channel.read(buffer, offset);
                if (read <= 0) {
                    break;
                }
                offset += read;
                split(buffer.array(), read, out);
            }
        }
        return out;
    }

    private void split(byte[] bytes, int length, List<WrittenEvent> out) {
        int lineStart = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String line;
            if (partial.size() > 0) {
                partial.write(bytes, lineStart, i - lineStart);
                line = partial.toString(StandardCharsets.UTF_8);
                partial.reset();
            } else {
                line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
            }
            lineStart = i + 1;
            accept(line, out);
        }
        if (lineStart < length) {
            if (partial.size() + (length - lineStart) > MAX_PARTIAL) {
                partial.reset();
            } else {
                partial.write(bytes, lineStart, length - lineStart);
            }
        }
    }

    private void accept(String line, List<WrittenEvent> out) {
        StoredLine stored = LogReader.parse(line);
        if (stored == null || stored.seq() <= lastSeq) {
            return;
        }
        lastSeq = stored.seq();
        WrittenEvent event = new WrittenEvent(sessionId, stored.seq(), stored.type(), line, workflowName,
                workspacePath);
        out.add(event);
        if (event.endsSession()) {
            ended = true;
        }
    }
}
