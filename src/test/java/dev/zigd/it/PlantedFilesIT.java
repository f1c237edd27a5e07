package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.zigd.UnixHttp;

/**
 * What is refused on the packaged daemon: following a link planted in {@code <home>/.zig}, or a {@code log_path}
 * that names a file outside the session directories. Recovery used to cut the "torn" last line of whatever file an
 * open index entry named, and an append through a log replaced by a link wrote into the link's target. The victims
 * here are files outside {@code .zig} with a last line that looks torn; none may change.
 */
class PlantedFilesIT {
    private static final String OUTSIDE = "11111111-1111-4111-8111-111111111111";
    private static final String LINKED = "22222222-2222-4222-8222-222222222222";
    private Path home;
    private Path victims;

    @BeforeEach
    void createHome() throws IOException {
        home = Files.createTempDirectory("zigd-it-planted");
        victims = Files.createDirectory(home.resolve("victims"));
    }

    @AfterEach
    void removeHome() throws IOException {
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void recoveryNeitherCutsNorEndsAFileOutsideTheSessionDirectoriesOrBehindALink() throws Exception {
        Path outsideVictim = victim("outside.jsonl", OUTSIDE);
        Path linkedVictim = victim("linked.jsonl", LINKED);
        Path sessions = Files.createDirectories(home.resolve(".zig/logs/sessions"));
        Files.createSymbolicLink(sessions.resolve(LINKED + ".jsonl"), linkedVictim);
        Files.writeString(home.resolve(".zig/sessions_index.json"), "{\"sessions\":[" + entry(OUTSIDE, outsideVictim)
                + "," + entry(LINKED, sessions.resolve(LINKED + ".jsonl")) + "]}");
        String outsideBefore = Files.readString(outsideVictim);
        String linkedBefore = Files.readString(linkedVictim);

        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.idle-timeout=1s")) {
            assertEquals(200, daemon.call("GET", "/api/v1/health", null).status());
            assertNotEquals(200, daemon.call("POST", "/api/v1/sessions/" + OUTSIDE + "/events", output()).status());
            assertNotEquals(200, daemon.call("POST", "/api/v1/sessions/" + LINKED + "/events", output()).status());
        }
        assertEquals(outsideBefore, Files.readString(outsideVictim));
        assertEquals(linkedBefore, Files.readString(linkedVictim));
    }

    @Test
    void anAppendThroughALogReplacedByALinkIsRefused() throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"w\",\"workflow_path\":\"/w\"}");
            assertEquals(201, started.status(), started.body());
            String id = started.body().replaceAll(".*\"zig_session_id\":\"([^\"]+)\".*", "$1");
            Path log = Path.of(started.body().replaceAll(".*\"log_path\":\"([^\"]+)\".*", "$1"));
            assertEquals(200, daemon.call("POST", "/api/v1/sessions/" + id + "/events", output()).status());
            Path target = victim("target.jsonl", id); // a log with a torn tail: what a cut or an append would change
            String before = Files.readString(target);
            Files.delete(log);
            Files.createSymbolicLink(log, target);

            // The first append notices the open file is no longer at its path; the next ones reopen from the path.
            for (int attempt = 0; attempt < 3; attempt++) {
                UnixHttp.Reply refused = daemon.call("POST", "/api/v1/sessions/" + id + "/events", output());
                assertEquals(500, refused.status(), refused.body());
                assertTrue(refused.body().contains("storage_failed"), refused.body());
            }
            assertEquals(before, Files.readString(target));
        }
    }

    @Test
    void filesZigdCreatesAreOwnerOnlyAndExistingOnesKeepTheirMode() throws Exception {
        Path zig = Files.createDirectories(home.resolve(".zig"));
        Files.setPosixFilePermissions(zig, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path global = Files.writeString(zig.resolve("sessions_index.json"), "{\"sessions\":[]}");
        Files.setPosixFilePermissions(global, PosixFilePermissions.fromString("rw-r--r--"));
        Path repo = Files.createDirectories(home.resolve("src/app/.git")).getParent();
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"w\",\"workflow_path\":\"/w\","
                    + "\"cwd\":\"" + repo + "\",\"owner_pid\":" + ProcessHandle.current().pid() + "}");
            assertEquals(201, started.status(), started.body());
            Path log = Path.of(started.body().replaceAll(".*\"log_path\":\"([^\"]+)\".*", "$1"));
            Process child = new ProcessBuilder("sleep", "30").start();
            try {
                assertEquals(201, daemon.call("POST", "/api/v1/processes", "{\"pid\":" + child.pid()
                        + ",\"provider\":\"claude\",\"model\":\"m\",\"command\":\"run\"}").status());
            } finally {
                child.destroyForcibly();
            }
            String id = started.body().replaceAll(".*\"zig_session_id\":\"([^\"]+)\".*", "$1");
            daemon.terminate(java.time.Duration.ofSeconds(30));
            Path project = log.getParent().getParent().getParent();
            for (Path dir : new Path[] { project, project.resolve("logs"), log.getParent(), home.resolve(".zag"),
                    zig.resolve("projects"), zig.resolve("zigd-leases") }) {
                assertEquals("rwx------", mode(dir), dir.toString());
            }
            for (Path file : new Path[] { log, project.resolve("logs/index.json"), home.resolve(".zag/processes.json"),
                    zig.resolve("zigd.token"), zig.resolve("zigd.lock"), zig.resolve("zigd-leases/" + id + ".json") }) {
                assertEquals("rw-------", mode(file), file.toString());
            }
            assertEquals("rwxr-xr-x", mode(zig), "an existing directory keeps its mode");
            assertEquals("rw-r--r--", mode(global), "an existing file keeps its mode when rewritten");
            assertTrue(Files.readString(global).contains(log.toString()), "the global index was rewritten");
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** A file outside .zig whose content looks like a zig log with a torn last line. */
    private Path victim(String name, String id) throws IOException {
        return Files.writeString(victims.resolve(name), "{\"seq\":1,\"ts\":\"2026-05-01T09:30:00+00:00\","
                + "\"zig_session_id\":\"" + id + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"w\","
                + "\"workflow_path\":\"/w\",\"prompt\":null,\"tier_count\":0,\"workspace_path\":null}\nnot a whole li");
    }

    private static String entry(String id, Path log) {
        return "{\"zig_session_id\":\"" + id + "\",\"workflow_name\":\"w\",\"project\":\"\",\"log_path\":\"" + log
                + "\",\"started_at\":\"2026-05-01T09:30:00+00:00\",\"ended_at\":null,\"status\":null}";
    }

    private static String output() {
        return "{\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"x\"}";
    }
}
