package dev.zigd.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** docs/format.md shows a stored line of every event type: each must be exactly what zigd writes. */
class FormatDocExamplesTest {

    @Test
    void everyExampleLineInFormatMdIsWrittenByteForByteAsShown() throws IOException {
        List<String> examples = Files.readAllLines(Path.of("docs/format.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{\"seq\":")).toList();
        Set<String> types = new TreeSet<>();
        for (String line : examples) {
            Event event = EventDecoder.decodeStoredLine(line);
            assertEquals(line + "\n", new String(ZigJson.line(event), StandardCharsets.UTF_8), "docs/format.md example");
            types.add(EventDecoder.parse(line).get("type").textValue());
        }
        assertEquals(new TreeSet<>(List.of("zig_session_started", "tier_started", "step_started", "step_output",
                "step_completed", "step_failed", "step_skipped", "heartbeat", "zig_session_ended")), types,
                "docs/format.md shows one line of every event type");
    }
}
