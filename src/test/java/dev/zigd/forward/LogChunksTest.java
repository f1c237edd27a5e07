package dev.zigd.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;

class LogChunksTest {

    private static String line(long seq) {
        return "{\"seq\":" + seq + ",\"ts\":\"t\",\"zig_session_id\":\"s\",\"type\":\"step_output\",\"line\":\"x\"}";
    }

    @Test
    void readsWholeLinesOnlyAndResumesAfterTheCheckpoint() throws Exception {
        Path log = Files.createTempFile("chunks", ".jsonl");
        try {
            Files.writeString(log, line(1) + "\n" + line(2) + "\n" + line(3) + "\n" + "{\"seq\":4,\"ts\":\"t\"");
            LogChunks.Chunk chunk = LogChunks.read(log, 0, 0, 100);
            assertEquals(List.of(1L, 2L, 3L), chunk.lines().stream().map(StoredLine::seq).toList());
            assertEquals(line(2), new String(chunk.lines().get(1).bytes(), StandardCharsets.UTF_8));
            assertEquals("step_output", chunk.lines().get(0).type());
            long afterThree = chunk.lines().get(2).endOffset();
            assertEquals(afterThree, chunk.endOffset(), "the unfinished line is left for later");

            Files.writeString(log, ",\"zig_session_id\":\"s\",\"type\":\"heartbeat\"}\n" + line(5) + "\n",
                    StandardOpenOption.APPEND);
            LogChunks.Chunk next = LogChunks.read(log, afterThree, 3, 1);
            assertEquals(1, next.lines().size(), "at most maxLines");
            assertEquals(4, next.lines().get(0).seq());
            assertEquals("heartbeat", next.lines().get(0).type());

            LogChunks.Chunk skipped = LogChunks.read(log, 0, 4, 100);
            assertEquals(List.of(5L), skipped.lines().stream().map(StoredLine::seq).toList(),
                    "lines up to the checkpoint's seq are skipped even when read from an earlier offset");
            assertFalse(skipped.more());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
