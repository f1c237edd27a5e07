package dev.zigd.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.zigd.error.ZigdException;
import dev.zigd.event.PrettyList;

/** The store on its own (no daemon): draining at stop, merging, RFC 3339 parsing as chrono does. */
class ProcessStoreTest {

    static ProcessEntry entry(String id, String startedAt) {
        return new ProcessEntry(id, 1234, null, "p", "m", "run", null, startedAt, "running", null, null, null, null,
                null);
    }

    @Test
    void stopWritesEveryAcceptedCommandFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".zag/processes.json");
        ProcessStore store = new ProcessStore(file);
        store.start();
        List<CompletableFuture<ProcessEntry>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(store.add(entry("e" + i, "2026-05-01T09:30:00+00:00")).subscribeAsCompletionStage());
        }
        store.stop(Duration.ofSeconds(10));
        for (CompletableFuture<ProcessEntry> answer : answers) {
            assertTrue(answer.isDone() && !answer.isCompletedExceptionally());
        }
        List<ProcessEntry> stored = ProcessFile.decode(Files.readAllBytes(file));
        assertEquals(300, stored.size());
        assertEquals("e0", stored.get(0).id());
        assertEquals("e299", stored.get(299).id());
        ZigdException late = assertThrows(ZigdException.class,
                () -> store.add(entry("late", "x")).await().atMost(Duration.ofSeconds(1)));
        assertEquals("zigd is shutting down", late.getMessage());
    }

    @Test
    void aChangeByAnotherWriterIsMergedFieldByField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processes.json");
        ProcessStore store = new ProcessStore(file);
        store.start();
        try {
            store.add(entry("mine", "2026-05-01T09:30:00+00:00")).await().indefinitely();
            // zag: adds its own entry and changes the model of zigd's, from the version it loaded.
            ZagWriter.add(file, ZagWriter.entry("theirs", 99, "zag", "2026-05-01T09:31:00+00:00"));
            ZagWriter.set(file, "mine", "model", "zag-model");
            ProcessEntry updated = store.updateStatus("mine", "exited", 2).await().indefinitely();
            assertEquals("zag-model", updated.model());
            assertEquals(2, updated.exitCode());
            List<ProcessEntry> stored = ProcessFile.decode(Files.readAllBytes(file));
            assertEquals(List.of("mine", "theirs"), stored.stream().map(ProcessEntry::id).toList());
            assertEquals("exited", stored.get(0).status());
            assertEquals("zag-model", stored.get(0).model());
            // A deletion by the other writer is respected: the file removed, zigd starts from no entries.
            Files.delete(file);
            assertThrows(ZigdException.class, () -> store.updatePid("mine", 5).await().indefinitely());
            store.add(entry("again", "2026-05-01T09:32:00+00:00")).await().indefinitely();
            assertEquals(List.of("again"),
                    ProcessFile.decode(Files.readAllBytes(file)).stream().map(ProcessEntry::id).toList());
        } finally {
            store.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void theCachingEncoderWritesExactlyWhatJacksonWrites() {
        PrettyList<ProcessEntry> encoder = new PrettyList<>("processes");
        java.util.Random random = new java.util.Random(42);
        String[] texts = { "", "plain", "q\" b\\ /slash \n\r\t\b\f \u0001\u001f\u007f", "ü € 😀", "line\nbreak",
                "{\n  \"not\": \"json\"\n}" };
        List<ProcessEntry> entries = new ArrayList<>();
        assertEquals(new String(ProcessFile.encode(entries)), new String(encoder.encode(entries)));
        for (int round = 0; round < 200; round++) {
            int action = random.nextInt(4);
            if (action == 0 || entries.isEmpty()) {
                String text = texts[random.nextInt(texts.length)];
                entries.add(new ProcessEntry("id-" + round + text, random.nextInt(1 << 30), random.nextBoolean() ? null : text,
                        text, "m", "run", random.nextBoolean() ? null : text, "2026-05-01T09:30:00+00:00",
                        random.nextBoolean() ? "running" : "exited", random.nextBoolean() ? null : -random.nextInt(200),
                        null, text, null, random.nextBoolean() ? null : text));
            } else if (action == 1) {
                entries.remove(random.nextInt(entries.size()));
            } else if (action == 2) {
                int at = random.nextInt(entries.size());
                entries.set(at, entries.get(at).withPid(random.nextInt(99999) + 1));
            } else {
                entries.add(entries.get(random.nextInt(entries.size()))); // the same instance twice
            }
            assertEquals(new String(ProcessFile.encode(entries), java.nio.charset.StandardCharsets.UTF_8),
                    new String(encoder.encode(entries), java.nio.charset.StandardCharsets.UTF_8), "round " + round);
        }
    }

    @Test
    void timestampsParseAsChronoParsesRfc3339() {
        assertEquals(Instant.parse("2026-05-01T10:00:00Z"), RecentFirst.parse("2026-05-01T12:00:00+02:00"));
        assertEquals(Instant.parse("2026-05-01T10:00:00.120418337Z"),
                RecentFirst.parse("2026-05-01t10:00:00.120418337z"));
        assertEquals(Instant.parse("2026-05-01T10:00:00.1Z"), RecentFirst.parse("2026-05-01 10:00:00.1+00:00"));
        assertEquals(Instant.parse("2026-05-01T10:00:00.123456789Z"),
                RecentFirst.parse("2026-05-01T10:00:00.1234567891+00:00"));
        assertNull(RecentFirst.parse("2026-05-01T10:00+00:00"));
        assertNull(RecentFirst.parse("2026-05-01T10:00:00"));
        assertNull(RecentFirst.parse("2026-02-30T10:00:00Z"));
        assertNull(RecentFirst.parse(""));
        assertEquals("a".repeat(99) + "😀", ProcessEntry.firstChars("a".repeat(99) + "😀b", 100));
        assertEquals("😀".repeat(3), ProcessEntry.firstChars("😀".repeat(3), 100));
    }
}
