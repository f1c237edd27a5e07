package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.zigd.UnixHttp;

/**
 * Sessions the indexes lost are found again at start, on the packaged daemon: a session of {@code root: "/"}
 * (whose project directory has the empty name, so its index is {@code projects/logs/index.json}: it used not to be
 * loaded, nor its logs recovered), and a session the global index lists but its project index lost (a crash between
 * the two index writes: it used to stay missing for good, {@code workflow_path: null}).
 */
class IndexRepairIT {
    private Path home;

    @BeforeEach
    void createHome() throws IOException {
        home = Files.createTempDirectory("zigd-it-index-repair");
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
    void aRootSlashSessionIsLoadedAfterARestart() throws Exception {
        String id = startAndStop("{\"workflow_name\":\"r\",\"workflow_path\":\"/w/root.zwf\",\"root\":\"/\"}");
        assertTrue(Files.isRegularFile(home.resolve(".zig/projects/logs/index.json")));
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply read = daemon.call("GET", "/api/v1/sessions/" + id, null);
            assertEquals(200, read.status(), read.body());
            assertEquals("/w/root.zwf", entryField(read.body(), "workflow_path"), read.body());
        }
    }

    @Test
    void aRootSlashSessionThatNoIndexListsIsRecoveredFromItsLog() throws Exception {
        String id = startAndStop("{\"workflow_name\":\"r\",\"workflow_path\":\"/w/root.zwf\",\"root\":\"/\"}");
        Files.writeString(home.resolve(".zig/projects/logs/index.json"), "{\"sessions\":[]}");
        Files.writeString(home.resolve(".zig/sessions_index.json"), "{\"sessions\":[]}");
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply read = daemon.call("GET", "/api/v1/sessions/" + id, null);
            assertEquals(200, read.status(), read.body());
            assertEquals("/w/root.zwf", entryField(read.body(), "workflow_path"), read.body());
        }
    }

    @Test
    void aSessionMissingFromItsProjectIndexIsPutBack() throws Exception {
        Path repo = Files.createDirectories(home.resolve("src/app/.git")).getParent();
        String id = startAndStop("{\"workflow_name\":\"p\",\"workflow_path\":\"/w/p.zwf\",\"cwd\":\"" + repo + "\"}");
        Path projectIndex = home.resolve(".zig/projects/" + repo.toString().substring(1).replace('/', '-')
                + "/logs/index.json");
        assertTrue(Files.readString(projectIndex).contains(id));
        Files.writeString(projectIndex, "{\"sessions\":[]}"); // the global index still lists it
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply read = daemon.call("GET", "/api/v1/sessions/" + id, null);
            assertEquals(200, read.status(), read.body());
            assertEquals("/w/p.zwf", entryField(read.body(), "workflow_path"), read.body());
            daemon.terminate(Duration.ofSeconds(30));
        }
        assertTrue(Files.readString(projectIndex).contains(id), "the project index lists it again");
    }

    /** A field of the session's index entry (the answer's top level), not of its events (which hold it too). */
    private static String entryField(String answer, String field) throws Exception {
        var node = dev.zigd.event.ZigJson.MAPPER.readTree(answer).get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Starts a session on a fresh daemon, stops the daemon (SIGTERM: indexes written), returns the id. */
    private String startAndStop(String body) throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions", body);
            assertEquals(201, started.status(), started.body());
            daemon.terminate(Duration.ofSeconds(30));
            return started.body().replaceAll(".*\"zig_session_id\":\"([^\"]+)\".*", "$1");
        }
    }
}
