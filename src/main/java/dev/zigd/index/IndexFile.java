package dev.zigd.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.PrettyList;
import dev.zigd.event.ZigJson;
import dev.zigd.files.AtomicFile;
import dev.zigd.files.StorageProblems;

/** Reads and writes the {@code {"sessions": [...]}} files of both indexes. */
final class IndexFile {
    private static final Logger LOG = Logger.getLogger(IndexFile.class);

    private IndexFile() {
    }

    /**
     * Reads an index; a missing file is empty. A file that does not parse is kept aside as
     * {@code <name>.corrupt-<ts>} (zig reads it as empty and would overwrite it on its next write; zigd keeps a
     * copy) and read as empty.
     */
    static <E> List<E> read(Path file, TypeReference<List<E>> type) {
        byte[] bytes;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IOException("not a regular file"); // a FIFO would block the read forever
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // Writing a fresh index over it would lose every entry it holds: move it aside (a rename needs no read
            // permission), so the entries stay on disk for the user to restore.
            String problem = "index " + file + " cannot be read (" + e.getMessage() + ")";
            try {
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable-"
                        + java.time.Instant.now().toString().replace(':', '-'));
                Files.move(file, aside, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                problem += "; moved aside to " + aside + " and started empty: restore its entries from there";
            } catch (IOException moveFailed) {
                problem += " and could not be moved aside (" + moveFailed.getMessage() + ")";
            }
            LOG.error(problem);
            StorageProblems.report(problem);
            return List.of();
        }
        try {
            JsonNode sessions = ZigJson.MAPPER.readTree(bytes).get("sessions");
            if (sessions == null || !sessions.isArray()) {
                throw new IOException("no \"sessions\" array");
            }
            return ZigJson.MAPPER.readerFor(type).readValue(sessions);
        } catch (IOException | RuntimeException e) {
            try {
                Path aside = AtomicFile.keepAside(file);
                LOG.errorf("index %s does not parse (%s); kept a copy at %s and started it empty", file,
                        e.getMessage(), aside);
                StorageProblems.report("index " + file + " did not parse; a copy is at " + aside);
            } catch (IOException copyFailed) {
                LOG.errorf("index %s does not parse (%s) and could not be copied aside: %s", file, e.getMessage(),
                        copyFailed);
            }
            return List.of();
        }
    }

    /**
     * Reads an index that another program may be writing in place right now: empty when the file does not parse
     * (yet); a missing file is an empty index. Nothing is kept aside.
     */
    static <E> java.util.Optional<List<E>> tryRead(Path file, TypeReference<List<E>> type) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode sessions = ZigJson.MAPPER.readTree(bytes).get("sessions");
            if (sessions == null || !sessions.isArray()) {
                return java.util.Optional.empty();
            }
            List<E> entries = ZigJson.MAPPER.readerFor(type).readValue(sessions);
            return java.util.Optional.of(entries);
        } catch (NoSuchFileException e) {
            return java.util.Optional.of(List.of());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Writes {@code {"sessions": [...]}} atomically; the encoder reuses the bytes of entries it wrote before. */
    static void write(Path file, List<?> sessions, PrettyList<Object> encoder) throws IOException {
        AtomicFile.write(file, encoder.encode(sessions));
    }
}
