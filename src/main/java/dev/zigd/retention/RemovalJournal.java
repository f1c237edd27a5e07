package dev.zigd.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.zigd.config.ZigdPaths;
import dev.zigd.event.ZigJson;
import dev.zigd.files.AtomicFile;

/**
 * {@code <home>/.zig/zigd-retention-journal.json}: the sessions a clean-up has decided to remove, written (atomically,
 * durably) before anything is touched and removed once everything is done. While it exists a clean-up is unfinished:
 * a restarted daemon finishes it before it looks at anything else ({@link SessionRemover#completeInterrupted}).
 */
@Singleton
public class RemovalJournal {
    private static final Logger LOG = Logger.getLogger(RemovalJournal.class);

    /** {@code delete}: entries and logs go; {@code archive}: logs are compressed, entries stay. */
    public enum Mode {
        DELETE, ARCHIVE
    }

    public record Entry(String id, String log) {
    }

    public record Content(Mode mode, List<Entry> sessions) {
    }

    private final Path file;

    public RemovalJournal(ZigdPaths paths) {
        this.file = paths.zigDir().resolve("zigd-retention-journal.json");
    }

    /**
     * Writes the journal of these sessions (atomically, durably), streamed: {@code {"mode":…,"sessions":[{"id","log"},
     * …]}} is never whole in memory, however many sessions go.
     */
    void write(Mode mode, List<Candidate> going) throws IOException {
        AtomicFile.write(file, true, out -> {
            try (JsonGenerator json = ZigJson.MAPPER.getFactory().createGenerator(out)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.writeStartObject();
                json.writeObjectField("mode", mode);
                json.writeArrayFieldStart("sessions");
                for (Candidate candidate : going) {
                    json.writeStartObject();
                    json.writeStringField("id", candidate.id());
                    json.writeStringField("log", candidate.log().toString());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
    }

    /** The unfinished clean-up, if any. A journal that does not parse is kept aside and ignored. */
    Optional<Content> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.errorf("cannot read %s: %s", file, e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(ZigJson.MAPPER.readValue(bytes, Content.class));
        } catch (IOException e) {
            // Written by temp + rename, so a torn journal is not zigd's; nothing was removed on its account.
            LOG.errorf("%s does not parse (%s); moved aside, nothing of it is done", file, e.getMessage());
            try {
                AtomicFile.keepAside(file);
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // left as it is: read again on the next run
            }
            return Optional.empty();
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
