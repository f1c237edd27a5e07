package dev.zigd.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.zigd.TestFiles;
import dev.zigd.log.LogReader.StoredLine;

/** The reading primitives on real files: chunk edges, long lines, torn tails, garbage, growing logs. */
class LogCursorTest {
    private Path dir;

    @BeforeEach
    void dir() {
        dir = TestFiles.dir("zigd-cursor");
    }

    static String line(long seq, String type, int padding) {
        return "{\"seq\":" + seq + ",\"ts\":\"2026-01-01T00:00:00+00:00\",\"zig_session_id\":\"s\",\"type\":\"" + type
                + "\",\"step_name\":\"a\",\"stream\":\"stdout\",\"line\":\"" + "y".repeat(padding) + "\"}";
    }

    /** seq 1..n, line lengths varying around and across the chunk size. */
    private Path log(int n) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            text.append(line(i, i % 3 == 0 ? "heartbeat" : "step_output", (i * 7919) % 9000)).append('\n');
        }
        Path file = dir.resolve("log.jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<StoredLine> all(LogCursor cursor) throws Exception {
        List<StoredLine> out = new ArrayList<>();
        List<StoredLine> chunk;
        boolean more = true;
        while (more) {
            more = cursor.read(LogCursor.CHUNK, (seq, type, bytes, offset, length) -> {
                out.add(new StoredLine(seq, type, new String(bytes, offset, length, StandardCharsets.UTF_8)));
                return true;
            });
        }
        return out;
    }

    @Test
    void readsEveryLineByteForByteAcrossChunkEdges() throws Exception {
        Path file = log(500);
        List<String> expected = Files.readAllLines(file);
        try (LogCursor cursor = LogCursor.open(file)) {
            List<StoredLine> lines = all(cursor);
            assertEquals(500, lines.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i + 1, lines.get(i).seq());
                assertEquals(expected.get(i), lines.get(i).json());
                assertEquals((i + 1) % 3 == 0 ? "heartbeat" : "step_output", lines.get(i).type());
            }
            assertEquals(Files.size(file), cursor.position());
        }
    }

    @Test
    void seekAfterSeqLandsOnTheNextLineForEverySeq() throws Exception {
        Path file = log(400);
        try (LogCursor cursor = LogCursor.open(file)) {
            for (long after : new long[] { 0, 1, 2, 57, 199, 200, 398, 399, 400, 1000 }) {
                cursor.seekAfterSeq(after);
                List<StoredLine> lines = all(cursor);
                assertEquals(Math.max(0, 400 - after), lines.size(), "after " + after);
                if (!lines.isEmpty()) {
                    assertEquals(after + 1, lines.get(0).seq());
                }
            }
        }
    }

    @Test
    void aTornTailIsLeftUnreadAndReadOnceItIsWhole() throws Exception {
        Path file = log(10);
        String eleventh = line(11, "step_output", 100);
        Files.writeString(file, eleventh.substring(0, 40), StandardOpenOption.APPEND);
        try (LogCursor cursor = LogCursor.open(file)) {
            assertEquals(10, all(cursor).size());
            Files.writeString(file, eleventh.substring(40) + "\n", StandardOpenOption.APPEND);
            List<StoredLine> later = all(cursor);
            assertEquals(1, later.size(), "the same cursor follows the growing log");
            assertEquals(eleventh, later.get(0).json());
        }
        try (ReverseLogCursor back = ReverseLogCursor.open(file)) {
            long[] seq = { 0 };
            assertTrue(back.previous((s, t, b, o, l) -> {
                seq[0] = s;
                return true;
            }));
            assertEquals(11, seq[0]);
        }
    }

    @Test
    void garbageLinesAreSkippedBothWays() throws Exception {
        Path file = dir.resolve("garbage.jsonl");
        Files.writeString(file, line(1, "step_output", 3) + "\nnot json\n\n{\"seq\":2}\n[1,2]\n"
                + "{\"type\":\"heartbeat\",\"seq\":3,\"ts\":\"x\"}\n" + line(4, "step_output", 3) + "\n");
        try (LogCursor cursor = LogCursor.open(file)) {
            assertEquals(List.of(1L, 3L, 4L), all(cursor).stream().map(StoredLine::seq).toList(),
                    "a line in another key order is parsed as JSON");
        }
        List<Long> backwards = new ArrayList<>();
        try (ReverseLogCursor back = ReverseLogCursor.open(file)) {
            while (back.previous((s, t, b, o, l) -> backwards.add(s))) {
                // collect
            }
        }
        assertEquals(List.of(4L, 3L, 1L), backwards);
    }

    @Test
    void reverseReadingGivesTheLastLinesAndWhereTheyStart() throws Exception {
        Path file = log(300);
        List<String> expected = Files.readAllLines(file);
        try (ReverseLogCursor back = ReverseLogCursor.open(file)) {
            for (int i = 300; i >= 1; i--) {
                String[] seen = new String[1];
                long[] seq = { 0 };
                assertTrue(back.previous((s, t, b, o, l) -> {
                    seq[0] = s;
                    seen[0] = new String(b, o, l, StandardCharsets.UTF_8);
                    return true;
                }));
                assertEquals(i, seq[0]);
                assertEquals(expected.get(i - 1), seen[0]);
            }
            assertFalse(back.previous((s, t, b, o, l) -> true));
            assertEquals(0, back.position());
        }
        try (LogCursor cursor = LogCursor.open(file); ReverseLogCursor back = ReverseLogCursor.open(file,
                cursor.offsetAfterSeq(250))) {
            back.previous((s, t, b, o, l) -> true);
            back.previous((s, t, b, o, l) -> true);
            cursor.seek(back.position());
            assertEquals(249, all(cursor).get(0).seq(), "position() is where the lines handed out begin");
        }
    }

    @Test
    void linesLongerThanAChunkAreWholeAndLinesOverTheBudgetAreRefused() throws Exception {
        Path file = dir.resolve("long.jsonl");
        String big = line(2, "step_output", 300_000);
        Files.writeString(file, line(1, "step_output", 5) + "\n" + big + "\n" + line(3, "step_output", 5) + "\n");
        try (LogCursor cursor = LogCursor.open(file)) {
            List<StoredLine> lines = all(cursor);
            assertEquals(3, lines.size());
            assertEquals(big, lines.get(1).json());
        }
        try (ReverseLogCursor back = ReverseLogCursor.open(file)) {
            List<Integer> lengths = new ArrayList<>();
            while (back.previous((s, t, b, o, l) -> lengths.add(l))) {
                // collect
            }
            assertEquals(big.length(), lengths.get(1));
        }
        try (LogCursor cursor = LogCursor.open(file, 100_000)) {
            assertThrows(LineTooLongException.class, () -> all(cursor));
        }
    }
}
