package dev.zigd.stream;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** Per-session WebSocket streams: replay, then live, byte for byte, without gap or duplicate. */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class StreamTest {
    @Inject
    Vertx vertx;

    @TestHTTPResource("/")
    URL base;

    private static List<String> logLines(String id) throws Exception {
        String path = api().get("/api/v1/sessions/" + id + "?last=0").then().extract().path("log_path");
        return Files.readAllLines(Path.of(path));
    }

    @Test
    void subscribersJoiningUnderLoadGetExactlyTheFileAfterTheirSeq() throws Exception {
        String id = startSession("load");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 600; i++) {
                String body = i % 3 == 0 ? "[" + output("w", "a" + i) + "," + output("w", "b" + i) + "," + output("w", "c" + i) + "]"
                        : output("w", "line " + i);
                postEvents(id, body).then().statusCode(200);
            }
            postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
            writing.set(false);
        });
        writer.start();
        Random random = new Random(42);
        List<WsProbe> probes = new ArrayList<>();
        List<Integer> afterSeqs = new ArrayList<>();
        while (writing.get() && probes.size() < 8) {
            Thread.sleep(random.nextInt(120));
            long written = logLines(id).size();
            int afterSeq = random.nextInt((int) Math.max(1, written));
            afterSeqs.add(afterSeq);
            probes.add(probes.size() % 2 == 0
                    ? WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + id + "/stream?after_seq=" + afterSeq)
                    : WsProbe.unix(TempHome.home().resolve(".zig/zigd.sock"), "/api/v1/sessions/" + id + "/stream?after_seq=" + afterSeq));
        }
        writer.join();
        assertTrue(probes.size() >= 3, "subscribers joined while the writer wrote");
        List<String> lines = logLines(id);
        for (int p = 0; p < probes.size(); p++) {
            WsProbe probe = probes.get(p);
            assertEquals((short) 1000, probe.awaitClose(Duration.ofSeconds(20)), "closed normally after the end");
            assertEquals(lines.subList(afterSeqs.get(p), lines.size()), probe.frames,
                    "subscriber " + p + " (after_seq=" + afterSeqs.get(p) + ") got the file's lines, exactly, in order");
            probe.close();
        }
    }

    @Test
    void endedSessionReplaysAndCloses() throws Exception {
        String id = startSession("ended");
        postEvents(id, "[" + output("s", "x") + ",{\"type\":\"step_skipped\",\"step_name\":\"t\",\"reason\":\"r\"},"
                + "{\"type\":\"zig_session_ended\",\"status\":\"failure\"}]").then().statusCode(200);
        try (WsProbe all = WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + id + "/stream")) {
            assertEquals((short) 1000, all.awaitClose(Duration.ofSeconds(10)));
            assertEquals(logLines(id), all.frames);
        }
        try (WsProbe typed = WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + id + "/stream?type=step_skipped")) {
            assertEquals((short) 1000, typed.awaitClose(Duration.ofSeconds(10)));
            List<String> lines = logLines(id);
            assertEquals(List.of(lines.get(2), lines.get(3)), typed.frames, "the type filter, and the end regardless");
        }
    }

    @Test
    void liveStreamEndsWith1000AfterTheEnd() throws Exception {
        String id = startSession("live");
        try (WsProbe probe = WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + id + "/stream?after_seq=1")) {
            Thread.sleep(200);
            postEvents(id, output("s", "hello")).then().statusCode(200);
            probe.awaitFrames(1, Duration.ofSeconds(5));
            assertTrue(probe.frames.get(0).contains("\"line\":\"hello\""));
            assertTrue(!probe.closeCode.isDone(), "still open while the session is");
            postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
            assertEquals((short) 1000, probe.awaitClose(Duration.ofSeconds(5)));
            assertEquals(logLines(id).subList(1, 3), probe.frames);
        }
    }

    @Test
    void unknownOrAmbiguousSessionCloses1008WithTheError() throws Exception {
        try (WsProbe probe = WsProbe.tcp(base.getPort(), "/api/v1/sessions/no-such-session/stream")) {
            assertEquals((short) 1008, probe.awaitClose(Duration.ofSeconds(5)));
            assertEquals("session not found: no-such-session", probe.closeReason);
        }
        startSession("amb");
        startSession("amb");
        List<String> ids = api().get("/api/v1/sessions").then().extract().jsonPath().getList("zig_session_id");
        String prefix = "";
        for (String a : ids) {
            for (String b : ids) {
                if (!a.equals(b) && a.charAt(0) == b.charAt(0)) {
                    prefix = a.substring(0, 1);
                }
            }
        }
        if (!prefix.isEmpty()) {
            try (WsProbe probe = WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + prefix + "/stream")) {
                assertEquals((short) 1008, probe.awaitClose(Duration.ofSeconds(5)));
                assertTrue(probe.closeReason.startsWith("ambiguous session id prefix '" + prefix + "'"), probe.closeReason);
            }
        }
        String id = startSession("badparam");
        try (WsProbe probe = WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + id + "/stream?after_seq=-1")) {
            assertEquals((short) 1008, probe.awaitClose(Duration.ofSeconds(5)));
            assertTrue(probe.closeReason.contains("after_seq"));
        }
    }

    @Test
    void slowSubscriberIsCutOffAloneAndTheOthersLoseNothing() throws Exception {
        String id = startSession("slow");
        Path socket = TempHome.home().resolve(".zig/zigd.sock");
        try (WsProbe slow = WsProbe.unix(socket, "/api/v1/sessions/" + id + "/stream?after_seq=1");
                WsProbe normal = WsProbe.unix(socket, "/api/v1/sessions/" + id + "/stream?after_seq=1")) {
            Thread.sleep(200);
            slow.pause(); // stops reading: the socket buffers fill, then the subscriber's own buffer
            String line = "x".repeat(200);
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(ApiClient.output("s", line));
            }
            String body = "[" + String.join(",", batch) + "]";
            for (int i = 0; i < 300 && !slow.closeCode.isDone(); i++) {
                postEvents(id, body).then().statusCode(200);
            }
            postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
            assertEquals((short) 1000, normal.awaitClose(Duration.ofSeconds(30)));
            List<String> lines = logLines(id);
            assertEquals(lines.subList(1, lines.size()), normal.frames, "the normal subscriber got every event");

            slow.resume();
            assertEquals((short) 1008, slow.awaitClose(Duration.ofSeconds(30)));
            assertTrue(slow.closeReason.startsWith("subscriber too slow: last seq sent "), slow.closeReason);
            long lastSent = Long.parseLong(slow.closeReason.substring("subscriber too slow: last seq sent ".length()));
            assertEquals(lines.subList(1, (int) lastSent), slow.frames, "frames up to the named seq, nothing else");
            api().get("/api/v1/health").then().body("subscribers", org.hamcrest.Matchers.equalTo(0));
        }
    }
}
