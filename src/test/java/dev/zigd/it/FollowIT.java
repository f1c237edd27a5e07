package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.ZigJson;
import dev.zigd.stream.WsProbe;

/**
 * Sessions zig writes itself (a {@link ZigRun} child process, zigd nowhere in its path) are as live in the
 * packaged daemon as its own: listed at once, streamed line by line, ended when zig ends them, ended with
 * {@code failure} when zig is killed, left open while zig is stopped.
 */
class FollowIT {
    /** zig's heartbeat period as the daemon is told it (zig's real one is 10 s): a dead zig is found in < 0.8 s. */
    private static final long HEARTBEAT_MS = 400;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static Path home;
    private static DaemonProcess daemon;
    private static boolean failed;

    @RegisterExtension
    static final TestWatcher WATCHER = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    @BeforeAll
    static void startDaemon() throws Exception {
        home = TestFiles.dir("zigd-follow-it");
        daemon = DaemonProcess.start(home, "-Dzigd.follow.zig-heartbeat=" + HEARTBEAT_MS + "ms",
                "-Dzigd.follow.rescan-interval=1s", "-Dzigd.follow.process-check-interval=200ms");
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        daemon.terminate(Duration.ofSeconds(20));
        if (failed) {
            System.err.println("FollowIT failed: home kept at " + home + ", daemon log at " + daemon.logFile);
        } else {
            deleteTree(home);
        }
    }

    static JsonNode get(String path) throws Exception {
        var answer = daemon.call("GET", path, null);
        return answer.status() == 200 ? ZigJson.MAPPER.readTree(answer.body()) : null;
    }

    static void eventually(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    static void awaitFrames(WsProbe probe, int count) throws Exception {
        eventually(count + " frames (have " + probe.frames.size() + ")", () -> probe.frames.size() >= count);
    }

    static WsProbe ws(String uri) throws Exception {
        return WsProbe.unix(daemon.socket, uri);
    }

    static List<String> lines(Path log) throws Exception {
        return Files.readAllLines(log);
    }

    static JsonNode indexEntry(Path indexFile, String id) throws Exception {
        for (JsonNode entry : ZigJson.MAPPER.readTree(Files.readAllBytes(indexFile)).get("sessions")) {
            if (entry.get("zig_session_id").asText().equals(id)) {
                return entry;
            }
        }
        return null;
    }

    static Path projectIndex(ZigRun zig) {
        return zig.log().getParent().getParent().resolve("index.json");
    }

    static String status(JsonNode entry) {
        return entry == null || entry.get("status").isNull() ? null : entry.get("status").asText();
    }

    @Test
    void aSubscriberGetsEveryLineZigWritesLiveInOrderThenTheEnd() throws Exception {
        try (WsProbe all = ws("/api/v1/subscribe?workflow=live"); ZigRun zig = ZigRun.start(home, "home-ada-live", "live", 0, 1)) {
            eventually("the session zig started is listed", () -> get("/api/v1/sessions/" + zig.id()) != null);
            JsonNode session = get("/api/v1/sessions/" + zig.id());
            assertEquals("/w/live.zwf", session.get("workflow_path").asText(), "fields come from zig's project index");
            assertTrue(session.get("status").isNull());
            assertEquals(zig.id(), get("/api/v1/sessions/active").get("zig_session_id").asText(), "active agrees");
            assertTrue(get("/api/v1/sessions?status=running").toString().contains(zig.id()), "the list agrees");

            WsProbe stream = ws("/api/v1/sessions/" + zig.id() + "/stream");
            awaitFrames(stream, 1);
            for (int i = 0; i < 50; i++) {
                zig.send("out line " + i);
                if (i == 0) {
                    awaitFrames(stream, 2); // live, not a replay: this line was written after the stream opened
                }
            }
            zig.send("end success");
            assertEquals((short) 1000, stream.awaitClose(PATIENCE), "the stream ends after zig's zig_session_ended");
            List<String> file = lines(zig.log());
            assertEquals(52, file.size(), "started, 50 lines, ended");
            assertEquals(file, stream.frames, "every line, as stored, in order, once");
            awaitFrames(all, file.size());
            assertEquals(file, all.frames, "/subscribe saw the same lines");

            eventually("zig's end is in zigd's view", () -> "success".equals(status(get("/api/v1/sessions/" + zig.id()))));
            assertFalse(get("/api/v1/sessions?status=running").toString().contains(zig.id()), "the list agrees");
            JsonNode active = get("/api/v1/sessions/active");
            assertTrue(active == null || !active.get("zig_session_id").asText().equals(zig.id()), "active agrees");
            stream.close();
        }
    }

    @Test
    void aKilledZigsSessionEndsWithFailureInTheLogAndBothIndexes() throws Exception {
        ZigRun zig = ZigRun.start(home, "home-ada-killed", "killed", HEARTBEAT_MS, 1);
        try (WsProbe stream = ws("/api/v1/sessions/" + awaitListed(zig) + "/stream")) {
            zig.send("out before the crash");
            awaitFrames(stream, 2);
            zig.process.destroyForcibly().waitFor(); // SIGKILL: zig's Drop never runs
            long lastSeq = lastSeq(zig.log());

            assertEquals((short) 1000, stream.awaitClose(PATIENCE), "subscribers see the end zigd wrote");
            JsonNode end = ZigJson.MAPPER.readTree(stream.frames.get(stream.frames.size() - 1));
            assertEquals("zig_session_ended", end.get("type").asText());
            assertEquals("failure", end.get("status").asText());
            assertEquals(lastSeq + 1, end.get("seq").asLong(), "numbered after zig's last line");
            assertTrue(end.get("duration_ms").asLong() > 0, "duration from started_at");
            List<String> file = lines(zig.log());
            assertEquals(file.get(file.size() - 1), stream.frames.get(stream.frames.size() - 1), "the end is in the log");
            eventually("both index files stamped", () -> "failure".equals(status(indexEntry(projectIndex(zig), zig.id())))
                    && "failure".equals(status(indexEntry(home.resolve(".zig/sessions_index.json"), zig.id()))));
            assertEquals("failure", status(get("/api/v1/sessions/" + zig.id())));
        } finally {
            zig.close();
        }
    }

    @Test
    void aZigSessionEndedThroughZigdIsStampedInBothIndexFiles() throws Exception {
        try (ZigRun zig = ZigRun.start(home, "home-ada-ended-by-zigd", "ended-by-zigd", 0, 1)) {
            awaitListed(zig);
            var answer = daemon.call("POST", "/api/v1/sessions/" + zig.id() + "/events",
                    "{\"type\":\"zig_session_ended\",\"status\":\"success\"}");
            assertEquals(200, answer.status(), answer.body());
            zig.process.destroyForcibly().waitFor();
            eventually("both index files stamped", () -> "success".equals(status(indexEntry(projectIndex(zig), zig.id())))
                    && "success".equals(status(indexEntry(home.resolve(".zig/sessions_index.json"), zig.id()))));
            JsonNode session = get("/api/v1/sessions/" + zig.id());
            assertEquals("success", status(session));
            assertEquals("/w/ended-by-zigd.zwf", session.get("workflow_path").asText(), "zig's fields kept");
        }
    }

    @Test
    void aStoppedZigIsNotEndedAndContinuesAfterSigcont() throws Exception {
        try (ZigRun zig = ZigRun.start(home, "home-ada-stopped", "stopped", HEARTBEAT_MS, 1)) {
            awaitListed(zig);
            zig.signal("STOP");
            Thread.sleep(HEARTBEAT_MS * 8); // many heartbeat periods without a line
            assertNull(status(get("/api/v1/sessions/" + zig.id())), "still open");
            zig.signal("CONT");
            zig.send("out after the pause");
            zig.send("end success");
            eventually("ended by zig", () -> "success".equals(status(get("/api/v1/sessions/" + zig.id()))));
            for (String line : lines(zig.log())) {
                assertFalse(line.contains("\"failure\""), "zigd never ended it: " + line);
            }
        }
    }

    @Test
    void aTruncatedOrReplacedLogIsReadAgainWithoutDuplicates() throws Exception {
        try (WsProbe all = ws("/api/v1/subscribe?workflow=rewritten");
                ZigRun zig = ZigRun.start(home, "home-ada-rewritten", "rewritten", 0, 1)) {
            WsProbe stream = ws("/api/v1/sessions/" + awaitListed(zig) + "/stream");
            awaitFrames(stream, 1);
            zig.send("out one");
            awaitFrames(stream, 2);
            zig.send("truncate");
            zig.send("out two");
            awaitFrames(stream, 3);
            zig.send("replace");
            zig.send("out three");
            zig.send("end success");
            assertEquals((short) 1000, stream.awaitClose(PATIENCE));
            List<String> file = lines(zig.log());
            assertEquals(5, file.size());
            assertEquals(file, stream.frames, "each line once, in order");
            awaitFrames(all, file.size());
            Thread.sleep(1200); // a rescan after the end: nothing handed on twice
            assertEquals(file, all.frames, "/subscribe: each line once");
            stream.close();
        }
    }

    @Test
    void aThousandIdleZigSessionsStayOpenThroughRescansAndOneLineArrivesOnce() throws Exception {
        try (ZigRun zig = ZigRun.start(home, "home-ada-many", "many", 0, 1000)) {
            eventually("all 1000 listed", () -> get("/api/v1/sessions?workflow=many&status=running").size() == 1000);
            Thread.sleep(2500); // two rescans and several death checks: every log is held, none is ended
            assertEquals(1000, get("/api/v1/sessions?workflow=many&status=running").size());
            String id = zig.ids.get(537);
            try (WsProbe stream = ws("/api/v1/sessions/" + id + "/stream")) {
                awaitFrames(stream, 1);
                zig.send("touch 537");
                awaitFrames(stream, 2);
                Thread.sleep(1200); // a rescan after the line: not handed on twice
                assertEquals(lines(zig.logs.get(537)), stream.frames);
            }
            // Ending 1,000 sessions is 2,000 whole rewrites of 1,000-entry index files by zig (one per session, as
            // zig's stamp_ended does): slow on a loaded machine, whatever zigd does.
            zig.send("end success");
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (get("/api/v1/sessions?workflow=many&status=success").size() < 1000 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1000, get("/api/v1/sessions?workflow=many&status=success").size(), "all ended");
        }
    }

    @Test
    void processesJsonRewrittenByZagAndADeadPidArePushedToTheProcessesStream() throws Exception {
        Path file = home.resolve(".zag/processes.json");
        try (WsProbe feed = ws("/api/v1/processes/stream")) {
            awaitFrames(feed, 1);
            assertEquals("snapshot", frame(feed, 0).get("change").asText(), "a snapshot first");
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                writeAsZag(file, "[" + processEntry("p-live", sleeper.pid()) + "]");
                awaitFrames(feed, 2);
                JsonNode added = frame(feed, 1);
                assertEquals("added", added.get("change").asText());
                assertEquals("p-live", added.at("/process/id").asText());
                assertEquals("running", added.at("/process/live_status").asText());
                byte[] zagsBytes = Files.readAllBytes(file);

                sleeper.destroyForcibly().waitFor();
                awaitFrames(feed, 3);
                JsonNode died = frame(feed, 2);
                assertEquals("died", died.get("change").asText());
                assertEquals("dead", died.at("/process/live_status").asText());
                assertEquals("running", died.at("/process/status").asText(), "as zag wrote it");
                Thread.sleep(500);
                assertTrue(java.util.Arrays.equals(zagsBytes, Files.readAllBytes(file)), "zag's entry is not rewritten");

                try (SseProbe sse = SseProbe.open(daemon.socket, "/api/v1/processes/stream")) {
                    sse.await("event: snapshot");
                    assertTrue(sse.text().contains("\"p-live\""), "the snapshot holds the entry");
                    writeAsZag(file, "[]");
                    awaitFrames(feed, 4);
                    assertEquals("removed", frame(feed, 3).get("change").asText());
                    sse.await("event: removed");
                }
            } finally {
                sleeper.destroyForcibly();
            }
        }
    }

    private static JsonNode frame(WsProbe probe, int i) throws Exception {
        return ZigJson.MAPPER.readTree(probe.frames.get(i));
    }

    /** zag's save: a sibling temp file renamed over processes.json. */
    private static void writeAsZag(Path file, String processes) throws Exception {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(".processes.json." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(temp, "{\n  \"processes\": " + processes + "\n}");
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String processEntry(String id, long pid) {
        return "{\"id\":\"" + id + "\",\"pid\":" + pid + ",\"session_id\":null,\"provider\":\"claude\","
                + "\"model\":\"default\",\"command\":\"run\",\"prompt\":\"p\",\"started_at\":\""
                + java.time.Instant.now() + "\",\"status\":\"running\",\"exit_code\":null,\"exited_at\":null,"
                + "\"root\":null,\"parent_process_id\":null,\"parent_session_id\":null}";
    }

    private static String awaitListed(ZigRun zig) throws Exception {
        eventually("listed", () -> get("/api/v1/sessions/" + zig.id()) != null);
        return zig.id();
    }

    private static long lastSeq(Path log) throws Exception {
        List<String> file = lines(log);
        return ZigJson.MAPPER.readTree(file.get(file.size() - 1)).get("seq").asLong();
    }

    private static void assertNull(Object value, String message) {
        assertEquals(null, value, message);
    }

    private static void deleteTree(Path root) throws Exception {
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
