package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.zigd.event.ZigJson;
import dev.zigd.retention.RemovalJournal;

/**
 * A clean-up cut short by SIGKILL (at random moments, and at the two moments that matter, set up by hand): after
 * the restart, every session is either wholly there (its log and its entry in both indexes) or wholly gone.
 */
class RetentionCrashIT {
    static final int SESSIONS = 3000;
    static final int ROUNDS = Integer.getInteger("retention.crash.rounds", 4);

    private static void assertConsistent(Path home) throws Exception {
        Set<String> global = ZigSessionFiles.indexed(home.resolve(".zig/sessions_index.json"));
        Set<String> project = ZigSessionFiles.indexed(ZigSessionFiles.projectDir(home).resolve("logs/index.json"));
        Set<String> logs = ZigSessionFiles.logs(home);
        assertEquals(logs, global, "every log has its global entry and every global entry its log");
        assertEquals(logs, project, "the same for the project index");
        assertFalse(Files.exists(home.resolve(".zig/zigd-retention-journal.json")), "the clean-up was finished");
    }

    @Test
    void sigkillDuringACleanUpLeavesEachSessionWhollyThereOrWhollyGone() throws Exception {
        Random random = new Random(Long.getLong("retention.crash.seed", System.nanoTime()));
        int interrupted = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path home = Files.createTempDirectory("zigd-retention-crash");
            ZigSessionFiles.write(home, SESSIONS);
            AtomicReference<String> answer = new AtomicReference<>("none");
            try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.retention.every=off")) {
                Thread gc = new Thread(() -> {
                    try {
                        answer.set(daemon.call("POST", "/api/v1/sessions/gc",
                                "{\"older_than\":\"1h\",\"dry_run\":false}").status() + "");
                    } catch (Exception e) {
                        answer.set("cut off: " + e.getMessage());
                    }
                });
                gc.start();
                // The kill lands after the decision (the journal is written), somewhere in the removal.
                Path journal = home.resolve(".zig/zigd-retention-journal.json");
                for (int i = 0; i < 30_000 && !Files.exists(journal) && gc.isAlive(); i++) {
                    Thread.sleep(1);
                }
                Thread.sleep(random.nextInt(round == 0 ? 5 : 150));
                daemon.kill();
                gc.join();
            }
            int logsAtKill = ZigSessionFiles.logs(home).size();
            boolean unfinished = Files.exists(home.resolve(".zig/zigd-retention-journal.json"));
            if (unfinished) {
                interrupted++;
            }
            try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.retention.every=off")) {
                assertConsistent(home);
                int left = ZigSessionFiles.logs(home).size();
                System.out.printf("retention crash round %d: killed with %d of %d logs left and the clean-up %s;"
                        + " %d left after the restart (gc: %s)%n", round, logsAtKill, SESSIONS,
                        unfinished ? "unfinished" : "finished", left, answer.get());
                // Whatever is left is still whole and can be removed by the next clean-up.
                assertEquals(200, daemon.call("POST", "/api/v1/sessions/gc",
                        "{\"older_than\":\"1h\",\"dry_run\":false}").status());
                assertEquals(0, ZigSessionFiles.logs(home).size(), "round " + round + ": " + left + " were left; gc "
                        + answer.get());
                daemon.terminate(Duration.ofSeconds(20));
                assertConsistent(home);
            }
            delete(home);
        }
        System.out.printf("retention crash: %d of %d kills landed inside a clean-up%n", interrupted, ROUNDS);
    }

    @Test
    void aJournalLeftBeforeTheIndexWriteIsFinishedAtStart() throws Exception {
        Path home = Files.createTempDirectory("zigd-retention-journal");
        List<String> ids = ZigSessionFiles.write(home, 20);
        writeJournal(home, ids.subList(0, 10));
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.retention.every=off")) {
            assertConsistent(home);
            assertEquals(new HashSet<>(ids.subList(10, 20)), ZigSessionFiles.logs(home));
            assertEquals(404, daemon.call("GET", "/api/v1/sessions/" + ids.get(0), null).status());
            assertEquals(200, daemon.call("GET", "/api/v1/sessions/" + ids.get(10), null).status());
            daemon.terminate(Duration.ofSeconds(20));
        }
        delete(home);
    }

    @Test
    void logsLeftAfterTheIndexWriteAreRemovedNotTakenBackIntoTheIndex() throws Exception {
        Path home = Files.createTempDirectory("zigd-retention-journal");
        List<String> ids = ZigSessionFiles.write(home, 20);
        writeJournal(home, ids.subList(0, 10));
        // The crash came after both index files were written without them: only their logs are left.
        Set<String> kept = new HashSet<>(ids.subList(10, 20));
        ZigSessionFiles.keepOnly(home.resolve(".zig/sessions_index.json"), kept);
        ZigSessionFiles.keepOnly(ZigSessionFiles.projectDir(home).resolve("logs/index.json"), kept);
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.retention.every=off")) {
            assertConsistent(home);
            assertEquals(kept, ZigSessionFiles.logs(home), "the journal's logs went; recovery did not re-add them");
            daemon.terminate(Duration.ofSeconds(20));
        }
        delete(home);
    }

    private static void writeJournal(Path home, List<String> ids) throws Exception {
        Path sessions = ZigSessionFiles.projectDir(home).resolve("logs/sessions");
        List<RemovalJournal.Entry> entries = ids.stream()
                .map(id -> new RemovalJournal.Entry(id, sessions.resolve(id + ".jsonl").toString())).toList();
        Files.write(home.resolve(".zig/zigd-retention-journal.json"),
                ZigJson.MAPPER.writeValueAsBytes(new RemovalJournal.Content(RemovalJournal.Mode.DELETE, entries)));
    }

    static void delete(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
