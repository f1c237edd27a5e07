package dev.zigd.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.zigd.event.ZigJson;

/**
 * Reads a session log back: every whole line in file order, with its {@code seq} and {@code type} read off
 * and the line itself kept byte for byte. A torn last line (no {@code \n} yet) is not an event and is skipped;
 * so is a line that does not parse.
 */
public final class LogReader {

    /** A stored line as written, with the two fields readers filter on. */
    public record StoredLine(long seq, String type, String json) {
    }

    private LogReader() {
    }

    /**
     * Where retention archives a log: {@code <project>/logs/archive/<id>.jsonl.gz}, next to the {@code sessions}
     * directory that held {@code <id>.jsonl}.
     */
    public static Path archived(Path log) {
        return log.getParent().resolveSibling("archive").resolve(log.getFileName() + ".gz");
    }

    /**
     * Blocking. Opens a session log for reading: the {@code .jsonl}, or, once retention archived it, its
     * {@code .jsonl.gz} decompressed into a private temp file that is deleted when the channel closes (the
     * cursors read by position, which a gzip stream cannot do; an archived session costs one decompression per
     * read). Retention writes the archive before it removes the log, so one of the two is always there. Every
     * cursor opens logs here. Missing both: the log's {@link NoSuchFileException}.
     */
    public static FileChannel openChannel(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException gone) {
            InputStream archive;
            try {
                archive = new GZIPInputStream(Files.newInputStream(archived(file)), 65536);
            } catch (NoSuchFileException alsoGone) {
                throw gone;
            }
            Path copy = Files.createTempFile("zigd-archived-", ".jsonl",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (archive) {
                Files.copy(archive, copy, StandardCopyOption.REPLACE_EXISTING);
                return FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
        }
    }

    /**
     * Blocking. The lines that pass {@code filter}, in file order, all in memory: for small logs and tests only;
     * anything that may meet a big log reads through a {@link LogCursor} instead.
     */
    public static List<StoredLine> read(Path file, Predicate<StoredLine> filter) throws IOException {
        List<StoredLine> out = new ArrayList<>();
        try (LogCursor cursor = LogCursor.open(file)) {
            boolean more = true;
            while (more) {
                more = cursor.read(LogCursor.CHUNK, (seq, type, bytes, offset, length) -> {
                    StoredLine line = new StoredLine(seq, type, new String(bytes, offset, length, StandardCharsets.UTF_8));
                    if (filter.test(line)) {
                        out.add(line);
                    }
                    return true;
                });
            }
        }
        return out;
    }

    /** The line's {@code seq} and {@code type}, or null when it is not a whole event object. */
    public static StoredLine parse(String line) {
        long seq = -1;
        String type = null;
        try (JsonParser parser = ZigJson.MAPPER.getFactory().createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("seq") && value == JsonToken.VALUE_NUMBER_INT) {
                    seq = parser.getLongValue();
                } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return seq < 0 || type == null ? null : new StoredLine(seq, type, line);
    }
}
