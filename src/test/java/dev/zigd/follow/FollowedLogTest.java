package dev.zigd.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.zigd.log.WrittenEvent;

/** Tailing a log another program writes: only whole lines, each once, whatever happens to the file. */
class FollowedLogTest {
    @TempDir
    Path dir;

    private static String line(long seq, String text) {
        return "{\"seq\":" + seq + ",\"ts\":\"2026-01-01T00:00:00Z\",\"zig_session_id\":\"s\",\"type\":\"step_output\","
                + "\"step_name\":\"b\",\"stream\":\"stdout\",\"line\":\"" + text + "\"}";
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> lines(List<WrittenEvent> events) {
        return events.stream().map(WrittenEvent::line).toList();
    }

    @Test
    void aLineIsHandedOnOnlyOnceItsNewlineArrivesAndExactlyAsStored() throws Exception {
        Path file = dir.resolve("s.jsonl");
        FollowedLog log = new FollowedLog("s", file, dir, "w", "/ws");
        String first = line(1, "héllo \\\"quoted\\\"");
        String second = line(2, "two");
        append(file, first + "\n" + second.substring(0, 20));
        assertEquals(List.of(first), lines(log.readNew()), "the torn line waits");
        assertEquals(List.of(), log.readNew(), "nothing new, nothing read");
        append(file, second.substring(20));
        assertEquals(List.of(), log.readNew(), "still no newline");
        append(file, "\n");
        List<WrittenEvent> read = log.readNew();
        assertEquals(List.of(second), lines(read));
        assertEquals("w", read.get(0).workflowName());
        assertEquals("/ws", read.get(0).workspacePath());
    }

    @Test
    void aTruncatedOrReplacedLogIsReadAgainWithoutRepeatingLines() throws Exception {
        Path file = dir.resolve("s.jsonl");
        FollowedLog log = new FollowedLog("s", file, dir, null, null);
        append(file, line(1, "a") + "\n" + line(2, "b") + "\n");
        assertEquals(2, log.readNew().size());

        Files.writeString(file, ""); // truncated, then written again with one more line
        append(file, line(1, "a") + "\n" + line(2, "b") + "\n" + line(3, "c") + "\n");
        assertEquals(List.of(line(3, "c")), lines(log.readNew()));

        Path copy = dir.resolve("copy");
        Files.writeString(copy, line(1, "a") + "\n" + line(2, "b") + "\n" + line(3, "c") + "\n" + line(4, "d") + "\n");
        Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(List.of(line(4, "d")), lines(log.readNew()), "a new inode: from its start, seq 1-3 not again");
    }

    @Test
    void aLogNamedOutsideZigsDirectoryOrThroughALinkIsNotRead() throws Exception {
        Path zig = Files.createDirectory(dir.resolve(".zig"));
        Path outside = dir.resolve("secret.jsonl");
        append(outside, line(1, "not zig's") + "\n");
        assertThrows(java.io.IOException.class, () -> new FollowedLog("s", outside, zig, null, null).readNew());
        Path link = zig.resolve("s.jsonl");
        Files.createSymbolicLink(link, outside);
        assertThrows(java.io.IOException.class, () -> new FollowedLog("s", link, zig, null, null).readNew());
    }

    @Test
    void theEndLineEndsTheTail() throws Exception {
        Path file = dir.resolve("s.jsonl");
        FollowedLog log = new FollowedLog("s", file, dir, null, null);
        append(file, line(1, "a") + "\n{\"seq\":2,\"ts\":\"t\",\"zig_session_id\":\"s\",\"type\":\"zig_session_ended\","
                + "\"status\":\"success\",\"duration_ms\":5}\n");
        assertEquals(2, log.readNew().size());
        assertTrue(log.ended());
    }
}
