package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.Event;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.ZigJson;

/** Checks on the files a daemon left behind. */
final class Logs {
    private Logs() {
    }

    /** Every line of the log, parsed; asserts the file ends with a newline and seq is 1..N. */
    static List<Event> readChecked(Path log) throws Exception {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "no torn line left in " + log);
        List<Event> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                Event event = EventDecoder.decodeStoredLine(line);
                assertEquals(events.size() + 1, event.seq(), "seq contiguous in " + log);
                events.add(event);
            }
        }
        return events;
    }

    static JsonNode index(Path file) throws Exception {
        return ZigJson.MAPPER.readTree(Files.readAllBytes(file)).get("sessions");
    }

    static JsonNode entry(JsonNode sessions, String id) {
        for (JsonNode entry : sessions) {
            if (entry.get("zig_session_id").asText().equals(id)) {
                return entry;
            }
        }
        return null;
    }
}
