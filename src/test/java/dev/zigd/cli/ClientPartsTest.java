package dev.zigd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The client's hand-written pieces (its JSON reader, its time reader) agree with the JDK's and the daemon's bytes. */
class ClientPartsTest {
    @Test
    void timesAsZigAndZagWriteThemReadLikeJavaTime() {
        for (String ts : List.of("2026-03-01T12:00:00+00:00", "2026-03-01T12:00:00.123+00:00",
                "2026-03-01T12:00:00.123456789+00:00", "1999-12-31T23:59:59Z", "2024-02-29T00:00:00-07:30",
                "2026-11-22T00:15:15.5+02:00", "1970-01-01T00:00:00+00:00", "2100-03-01T01:02:03+00:00")) {
            assertEquals(OffsetDateTime.parse(ts).toInstant().getEpochSecond(), Table.instant(ts).getEpochSecond(), ts);
        }
        assertEquals(OffsetDateTime.parse("2026-03-01T12:00:00+00:00").toInstant(), Table.instant("2026-03-01 12:00:00+00:00"));
        assertNull(Table.instant("yesterday"));
    }

    @Test
    void rawElementsAreTheExactText() {
        String line = "{\"seq\":1,\"line\":\"a \\\"q\\\" \\u00e9 ✓ \\\\ /\",\"n\":null,\"x\":[1,{\"y\":2}]}";
        String doc = "{\"zig_session_id\":\"x\",\"nested\":{\"events\":[0]},\"events\":[" + line + "," + line + "]}";
        assertEquals(List.of(line, line), Json.rawElements(doc, "events"));
        Map<String, Object> parsed = Json.object(line);
        assertEquals("a \"q\" é ✓ \\ /", parsed.get("line"));
        assertEquals(1L, parsed.get("seq"));
        assertEquals(List.of(1L, Map.of("y", 2L)), parsed.get("x"));
        assertEquals(List.of(), Json.rawElements("{\"events\":[]}", "events"));
    }

    @Test
    void writtenJsonEscapesAsSerdeDoes() {
        assertEquals("{\"a\":\"x\\ny\\u0001\\\"\",\"b\":null,\"c\":[\"s\"],\"d\":3,\"e\":false}",
                Json.obj("a", "x\ny\u0001\"", "b", null, "c", List.of("s"), "d", 3, "e", false));
    }

    @Test
    void shortIdsGrowUntilTheyDiffer() {
        assertEquals(8, Table.prefixLength(List.of("aaaaaaaa-1", "bbbbbbbb-1")));
        assertEquals(10, Table.prefixLength(List.of("aaaaaaaa-1", "aaaaaaaa-2")));
        assertEquals("1.2s", EventFormat.duration(1234));
        assertEquals("1m05s", EventFormat.duration(65_000));
        assertEquals("2h03m", EventFormat.duration(7_380_000));
    }
}
