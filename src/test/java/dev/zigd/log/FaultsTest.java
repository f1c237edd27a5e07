package dev.zigd.log;

import dev.zigd.TestFiles;
import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody.StepOutput;
import dev.zigd.event.EventDecoder;
import dev.zigd.index.Projects;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Real faults under a running daemon: a full file system (a small tmpfs), a read-only directory (a read-only
 * bind mount: root ignores file modes), a deleted log directory, a removed log file. The daemon keeps serving
 * other sessions, answers the affected requests with a 500 naming the file, never writes a partial line, never
 * acknowledges what it did not write, and works again once the fault is gone. Mounting needs root (CAP_SYS_ADMIN);
 * without it the mount cases are skipped, and say so.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class FaultsTest {
    private static final List<Path> MOUNTS = new ArrayList<>();

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        int rc = process.waitFor();
        if (rc != 0) {
            System.err.println(String.join(" ", command) + ": " + out);
        }
        return rc == 0;
    }

    @AfterAll
    static void unmount() throws Exception {
        for (int i = MOUNTS.size() - 1; i >= 0; i--) {
            run("umount", "-l", MOUNTS.get(i).toString());
        }
    }

    /** A repository whose project log directory is returned (created, empty). */
    private static Path projectLogs(String name) throws Exception {
        Path repo = Files.createDirectories(TempHome.home().resolve("faults/" + name + "/.git")).getParent();
        return TempHome.home().resolve(".zig/projects").resolve(Projects.sanitize(repo.toString())).resolve("logs");
    }

    private static String startIn(String name) {
        Path repo = TempHome.home().resolve("faults/" + name);
        return api().body("{\"workflow_name\":\"fault\",\"workflow_path\":\"/w.zwf\",\"cwd\":\"" + repo + "\"}")
                .post("/api/v1/sessions").then().statusCode(201).extract().path("zig_session_id");
    }

    private static Response startResponse(String name) {
        Path repo = TempHome.home().resolve("faults/" + name);
        return api().body("{\"workflow_name\":\"fault\",\"workflow_path\":\"/w.zwf\",\"cwd\":\"" + repo + "\"}")
                .post("/api/v1/sessions");
    }

    private static String logPath(String id) {
        return api().get("/api/v1/sessions/" + id + "?last=0").then().extract().path("log_path");
    }

    @Test
    void fullDiskFailsCleanlyAndRecoversWhenSpaceIsBack() throws Exception {
        Path logs = Files.createDirectories(projectLogs("full"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", logs.toString()),
                "cannot mount a tmpfs here (needs root): full-disk case not run");
        MOUNTS.add(logs);
        String full = startIn("full");
        String healthy = startSession("healthy");
        List<String> acked = new ArrayList<>();
        String line = "y".repeat(300);
        Response failed = null;
        for (int i = 0; i < 2000 && failed == null; i++) {
            String a = "e" + i + "a-" + line;
            String b = "e" + i + "b-" + line;
            Response response = postEvents(full, "[" + output("s", a) + "," + output("s", b) + "]");
            if (response.statusCode() == 200) {
                acked.add(a);
                acked.add(b);
            } else {
                failed = response;
            }
        }
        assertTrue(failed != null, "the 128 KiB file system filled up");
        failed.then().statusCode(500).body("error.code", equalTo("storage_failed"))
                .body("error.message", containsString(logPath(full)));
        postEvents(healthy, output("s", "other sessions go on")).then().statusCode(200);
        // The failed batch was cut back off the file, so the same batch fails again, and nothing half-written stays.
        postEvents(full, "[" + output("s", "again-" + line) + "," + output("s", "again2-" + line) + "]").then().statusCode(500);

        List<Event> events = wholeLines(Path.of(logPath(full)));
        List<String> written = events.stream().filter(e -> e.body() instanceof StepOutput)
                .map(e -> ((StepOutput) e.body()).line()).toList();
        assertEquals(acked, written, "exactly the acknowledged events, whole, in order");

        assertTrue(run("mount", "-o", "remount,size=4m", logs.toString()));
        postEvents(full, output("s", "space is back")).then().statusCode(200)
                .body("first_seq", equalTo(events.size() + 1));
        assertEquals(events.size() + 1, wholeLines(Path.of(logPath(full))).size());
    }

    /**
     * The whole disk is full when a session starts: its lease (written first) and its log cannot be written. The
     * answer is {@code storage_failed} naming the file (it was 500 {@code internal}), and nothing is left behind:
     * no index entry, no log, no lease.
     */
    @Test
    void fullDiskAtSessionStartIsStorageFailedAndLeavesNoEntryWithoutALog() throws Exception {
        Path logs = Files.createDirectories(projectLogs("fullstart"));
        Path leases = TempHome.home().resolve(".zig/zigd-leases");
        Files.createDirectories(leases);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", logs.toString()),
                "cannot mount a tmpfs here (needs root): full-disk-at-start case not run");
        MOUNTS.add(logs);
        assertTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", leases.toString()));
        try {
            Path logsFiller = fill(logs);
            Path leasesFiller = fill(leases);
            int sessionsBefore = api().get("/api/v1/sessions").then().statusCode(200).extract().path("size()");

            startResponse("fullstart").then().statusCode(500).body("error.code", equalTo("storage_failed"))
                    .body("error.message", containsString(leases.toString()));

            api().get("/api/v1/sessions").then().statusCode(200).body("size()", equalTo(sessionsBefore));
            try (var left = Files.walk(logs); var leftLeases = Files.walk(leases)) {
                assertEquals(List.of(logsFiller), left.filter(Files::isRegularFile).toList(),
                        "no log (nor a part of one) and no project index beside the filler");
                assertEquals(List.of(leasesFiller), leftLeases.filter(Files::isRegularFile).toList(), "no lease");
            }

            // Only the logs' disk full: the lease is written, the log's first line is not.
            Files.delete(leasesFiller);
            startResponse("fullstart").then().statusCode(500).body("error.code", equalTo("storage_failed"))
                    .body("error.message", containsString(logs.toString()));
            api().get("/api/v1/sessions").then().statusCode(200).body("size()", equalTo(sessionsBefore));
            try (var left = Files.walk(logs); var leftLeases = Files.walk(leases)) {
                assertEquals(List.of(logsFiller), left.filter(Files::isRegularFile).toList());
                assertEquals(List.of(), leftLeases.filter(Files::isRegularFile).toList(), "the lease is taken back");
            }

            Files.delete(logsFiller); // space is back: the same project starts sessions again
            String id = startIn("fullstart");
            postEvents(id, output("s", "space is back")).then().statusCode(200).body("first_seq", equalTo(2));
        } finally {
            run("umount", "-l", leases.toString()); // the other tests' leases are under it
        }
    }

    /** Writes a file until the file system is full; returns it. */
    private static Path fill(Path dir) throws Exception {
        Path filler = dir.resolve("filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (java.io.IOException full) {
            return filler;
        }
    }

    @Test
    void readOnlyDirectoryRefusesNewSessionsUntilItIsWritable() throws Exception {
        Path logs = Files.createDirectories(projectLogs("readonly"));
        Path backing = TestFiles.dir("zigd-ro");
        Assumptions.assumeTrue(run("mount", "--bind", backing.toString(), logs.toString())
                && run("mount", "-o", "remount,bind,ro", logs.toString()), "cannot make a read-only mount here");
        MOUNTS.add(logs);
        startResponse("readonly").then().statusCode(500).body("error.code", equalTo("storage_failed"))
                .body("error.message", containsString(logs.toString()));
        postEvents(startSession("unaffected"), output("s", "fine")).then().statusCode(200);
        assertTrue(run("mount", "-o", "remount,bind,rw", logs.toString()));
        String id = startIn("readonly");
        postEvents(id, output("s", "writable again")).then().statusCode(200).body("first_seq", equalTo(2));
    }

    @Test
    void deletedLogDirectoryAndRemovedLogFile() throws Exception {
        projectLogs("deleted");
        String id = startIn("deleted");
        String other = startSession("bystander");
        Path log = Path.of(logPath(id));
        postEvents(id, output("s", "before")).then().statusCode(200);
        byte[] kept = Files.readAllBytes(log);

        Files.delete(log);
        postEvents(id, output("s", "into the void?")).then().statusCode(500)
                .body("error.message", containsString(log.toString()));
        postEvents(other, output("s", "unaffected")).then().statusCode(200);
        postEvents(id, output("s", "still gone")).then().statusCode(500)
                .body("error.message", containsString("is missing"));
        Files.write(log, kept); // the fault is gone: the file is back
        postEvents(id, output("s", "back")).then().statusCode(200).body("first_seq", equalTo(3));
        assertEquals(3, wholeLines(log).size());

        // The whole directory goes: appends fail, naming the file; a new session recreates the directory.
        run("rm", "-rf", log.getParent().toString());
        postEvents(id, output("s", "dir gone")).then().statusCode(500).body("error.message", containsString(log.toString()));
        String fresh = startIn("deleted");
        postEvents(fresh, output("s", "new dir")).then().statusCode(200);
        postEvents(other, output("s", "still unaffected")).then().statusCode(200);
    }

    /** Every line whole (the file ends with a newline) and parses, seq 1..N. */
    private static List<Event> wholeLines(Path log) throws Exception {
        String text = Files.readString(log);
        assertTrue(text.endsWith("\n"), "no partial line");
        List<Event> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            Event event = EventDecoder.decodeStoredLine(line);
            assertEquals(events.size() + 1, event.seq());
            events.add(event);
        }
        return events;
    }
}
