package dev.zigd.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.EventDecoder;
import dev.zigd.event.Fields;
import dev.zigd.event.InvalidInputException;
import dev.zigd.event.ZigJson;

/**
 * The bytes of {@code processes.json}: {@code serde_json::to_string_pretty} of {@code {"processes": [...]}} (two-space
 * indent, {@code "key": value}, nulls written, no trailing newline), and reading it back as zag's serde would.
 */
final class ProcessFile {

    /** The file's top level, as zag's {@code ProcessStore}. */
    record Processes(List<ProcessEntry> processes) {
    }

    private ProcessFile() {
    }

    static byte[] encode(List<ProcessEntry> entries) {
        return ZigJson.pretty(new Processes(entries));
    }

    /**
     * Parses the file's content; throws {@link InvalidInputException} naming the line, the entry or the field when
     * it is not a file zag could load.
     */
    static List<ProcessEntry> decode(byte[] content) {
        JsonNode root = EventDecoder.parse(content);
        Fields.of(root, "the process store");
        JsonNode processes = root.get("processes");
        if (processes == null || !processes.isArray()) {
            throw new InvalidInputException("field 'processes' must be an array, got "
                    + (processes == null ? "nothing" : processes.getNodeType().name().toLowerCase()));
        }
        List<ProcessEntry> entries = new ArrayList<>(processes.size());
        for (JsonNode node : processes) {
            try {
                entries.add(ProcessEntry.decode(node));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("entry " + entries.size() + ": " + e.getMessage());
            }
        }
        return entries;
    }

    /**
     * What identifies one version of the file cheaply: size, modification time and file key (device + inode).
     * Every rename gives the file a new inode, so zag's temp+rename writes always change it.
     */
    record Stamp(long size, long modifiedNanos, Object fileKey) {
        static final Stamp MISSING = new Stamp(-1, -1, null);

        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                long modified = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
                return new Stamp(attributes.size(), modified, attributes.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }

        boolean sameAs(Stamp other) {
            return other != null && size == other.size && modifiedNanos == other.modifiedNanos
                    && Objects.equals(fileKey, other.fileKey);
        }
    }

    /** The file as read from disk: its bytes (null when it does not exist) and the stamp they belong to. */
    record Read(byte[] bytes, Stamp stamp) {
        boolean missing() {
            return bytes == null;
        }
    }

    /**
     * Reads the whole file with the stamp of the version read: the stamp is taken before and after the read, and
     * the read is repeated (a few times) when another writer replaced the file meanwhile.
     */
    static Read read(Path file) throws IOException {
        for (int attempt = 0;; attempt++) {
            Stamp before = Stamp.of(file);
            byte[] bytes;
            try {
                if (Files.exists(file) && !Files.isRegularFile(file)) {
                    // A FIFO would block the store's thread forever; a directory cannot be the store either.
                    throw new IOException(file + " is not a regular file; move it away so zigd can write the store");
                }
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                bytes = null;
            }
            Stamp after = Stamp.of(file);
            if (before.sameAs(after) || attempt == 3) {
                // After 3 changing reads, the stamp is left unknown so the next look reads again.
                return new Read(bytes, before.sameAs(after) ? after : null);
            }
        }
    }
}
