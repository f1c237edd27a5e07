package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.ApiClient;
import dev.zigd.UnixHttp;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.event.ZigJson;

/** Restarts of the packaged daemon: torn lines, live and dead owners, pid reuse, a crash before the index write. */
class RecoveryIT {

    private static String start(DaemonProcess daemon, Long ownerPid) throws Exception {
        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"rec\",\"workflow_path\":\"/w.zwf\""
                + (ownerPid == null ? "" : ",\"owner_pid\":" + ownerPid) + "}");
        assertEquals(201, reply.status(), reply.body());
        return ZigJson.MAPPER.readTree(reply.body()).get("zig_session_id").asText();
    }

    private static JsonNode session(DaemonProcess daemon, String id) throws Exception {
        UnixHttp.Reply reply = daemon.call("GET", "/api/v1/sessions/" + id, null);
        assertEquals(200, reply.status(), reply.body());
        return ZigJson.MAPPER.readTree(reply.body());
    }

    @Test
    void restartCutsATornLineResumesLiveOwnersAndEndsDeadOnes() throws Exception {
        Path home = TestFiles.dir("zigd-recovery");
        long me = ProcessHandle.current().pid();
        Process doomed = new ProcessBuilder("sleep", "600").start();
        String live;
        String dead;
        String unindexed;
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.index-flush-interval=1h")) {
            live = start(daemon, me);
            dead = start(daemon, doomed.pid());
            for (String id : List.of(live, dead)) {
                assertEquals(200, daemon.call("POST", "/api/v1/sessions/" + id + "/events", ApiClient.output("s", "before")).status());
            }
            // The index files are written only every hour here: this session is in no index file when we crash.
            unindexed = start(daemon, me);
            daemon.kill();
        }
        Path liveLog = home.resolve(".zig/logs/sessions/" + live + ".jsonl");
        Files.writeString(liveLog, "{\"seq\":3,\"ts\":\"2026-", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        doomed.destroyForcibly().waitFor();

        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            JsonNode resumed = session(daemon, live);
            assertTrue(resumed.get("status").isNull(), "live owner: resumed, still open");
            assertEquals(2, resumed.get("events").size(), "the torn line is not an event");
            UnixHttp.Reply next = daemon.call("POST", "/api/v1/sessions/" + live + "/events", ApiClient.output("s", "after"));
            assertEquals(200, next.status(), next.body());
            assertEquals(3, ZigJson.MAPPER.readTree(next.body()).get("first_seq").asInt(), "seq continues after the last whole line");

            JsonNode ended = session(daemon, dead);
            assertEquals("failure", ended.get("status").asText(), "dead owner: ended with failure at start");
            JsonNode last = ended.get("events").get(ended.get("events").size() - 1);
            assertEquals("zig_session_ended", last.get("type").asText());
            assertFalse(Files.exists(home.resolve(".zig/zigd-leases/" + dead + ".json")));

            assertTrue(session(daemon, unindexed).get("status").isNull(), "the unindexed session was found from its log");
            daemon.terminate(Duration.ofSeconds(20));
        }
        List<Event> events = Logs.readChecked(liveLog);
        assertEquals(3, events.size());
        JsonNode global = Logs.index(home.resolve(".zig/sessions_index.json"));
        JsonNode project = Logs.index(home.resolve(".zig/logs/index.json"));
        for (String id : List.of(live, dead, unindexed)) {
            assertNotNull(Logs.entry(global, id), "global index lists " + id);
            assertNotNull(Logs.entry(project, id), "project index lists " + id);
        }
        assertEquals("failure", Logs.entry(global, dead).get("status").asText());
        assertEquals("failure", Logs.entry(project, dead).get("status").asText());
        assertTrue(Logs.entry(global, live).get("status").isNull());
        assertTrue(Logs.readChecked(home.resolve(".zig/logs/sessions/" + dead + ".jsonl")).get(2).body() instanceof ZigSessionEnded);
    }

    @Test
    void aReusedOwnerPidDoesNotKeepASessionAlive() throws Exception {
        Path home = TestFiles.dir("zigd-reuse");
        String id = "3c5b2a10-7d4e-4f6a-9b8c-1d2e3f4a5b6c";
        Path log = home.resolve(".zig/logs/sessions/" + id + ".jsonl");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "{\"seq\":1,\"ts\":\"2026-01-01T00:00:00+00:00\",\"zig_session_id\":\"" + id
                + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"old\",\"workflow_path\":\"/w\",\"workspace_path\":null,"
                + "\"cwd\":null,\"prompt\":null,\"tier_count\":0}\n");
        // The lease names a pid that is alive now, but its process started long after the session did.
        Process newcomer = new ProcessBuilder("sleep", "600").start();
        try {
            Files.createDirectories(home.resolve(".zig/zigd-leases"));
            Files.writeString(home.resolve(".zig/zigd-leases/" + id + ".json"),
                    "{\"zig_session_id\":\"" + id + "\",\"owner_pid\":" + newcomer.pid() + ",\"ingest\":false}");
            try (DaemonProcess daemon = DaemonProcess.start(home)) {
                assertEquals("failure", session(daemon, id).get("status").asText());
                daemon.terminate(Duration.ofSeconds(20));
            }
        } finally {
            newcomer.destroyForcibly();
        }
    }

    @Test
    void aCrashBetweenTheTwoIndexWritesIsRepairedAtStart() throws Exception {
        Path home = TestFiles.dir("zigd-halfindexed");
        String id = "5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
        Path log = home.resolve(".zig/logs/sessions/" + id + ".jsonl");
        Files.createDirectories(log.getParent());
        String started = "2026-01-01T00:00:00+00:00";
        Files.writeString(log, "{\"seq\":1,\"ts\":\"" + started + "\",\"zig_session_id\":\"" + id
                + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"half\",\"workflow_path\":\"/w\",\"workspace_path\":\""
                + home.resolve(".zig") + "\",\"cwd\":null,\"prompt\":null,\"tier_count\":0}\n"
                + "{\"seq\":2,\"ts\":\"2026-01-01T00:00:05+00:00\",\"zig_session_id\":\"" + id
                + "\",\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":5000}\n");
        // The global index got the end stamp, the project index did not: the daemon died between the two writes.
        Files.writeString(home.resolve(".zig/sessions_index.json"), "{\n  \"sessions\": [\n    {\n      \"zig_session_id\": \""
                + id + "\",\n      \"workflow_name\": \"half\",\n      \"project\": \"" + home.resolve(".zig")
                + "\",\n      \"log_path\": \"" + log + "\",\n      \"started_at\": \"" + started
                + "\",\n      \"ended_at\": \"2026-01-01T00:00:05+00:00\",\n      \"status\": \"success\"\n    }\n  ]\n}");
        Files.writeString(home.resolve(".zig/logs/index.json"), "{\n  \"sessions\": [\n    {\n      \"zig_session_id\": \""
                + id + "\",\n      \"workflow_name\": \"half\",\n      \"workflow_path\": \"/w\",\n      \"log_path\": \"" + log
                + "\",\n      \"started_at\": \"" + started + "\",\n      \"ended_at\": null,\n      \"status\": null,\n"
                + "      \"workspace_path\": \"" + home.resolve(".zig") + "\"\n    }\n  ]\n}");
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            assertEquals("success", session(daemon, id).get("status").asText());
            daemon.terminate(Duration.ofSeconds(20));
        }
        JsonNode project = Logs.entry(Logs.index(home.resolve(".zig/logs/index.json")), id);
        assertEquals("success", project.get("status").asText(), "the project index gets the end the global one had");
        assertEquals("2026-01-01T00:00:05+00:00", project.get("ended_at").asText());
    }
}
