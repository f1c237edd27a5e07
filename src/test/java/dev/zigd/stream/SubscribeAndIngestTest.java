package dev.zigd.stream;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class SubscribeAndIngestTest {
    @TestHTTPResource("/")
    URL base;

    private static Path socket() {
        return TempHome.home().resolve(".zig/zigd.sock");
    }

    private static String start(String workflow, String cwd) {
        return api().body("{\"workflow_name\":\"" + workflow + "\",\"workflow_path\":\"/w.zwf\",\"cwd\":\"" + cwd + "\"}")
                .post("/api/v1/sessions").then().statusCode(201).extract().path("zig_session_id");
    }

    @Test
    void subscribeFiltersAloneAndCombinedAndSeesNewSessions() throws Exception {
        Path repoA = Files.createDirectories(TempHome.home().resolve("repos/a/.git")).getParent();
        Path repoB = Files.createDirectories(TempHome.home().resolve("repos/b/.git")).getParent();
        try (WsProbe all = WsProbe.unix(socket(), "/api/v1/subscribe");
                WsProbe byType = WsProbe.unix(socket(), "/api/v1/subscribe?type=step_skipped,zig_session_ended");
                WsProbe byWorkflow = WsProbe.tcp(base.getPort(), "/api/v1/subscribe?workflow=deploy");
                WsProbe byProject = WsProbe.tcp(base.getPort(), "/api/v1/subscribe?project=" + repoA);
                WsProbe combined = WsProbe.unix(socket(), "/api/v1/subscribe?workflow=deploy&project=" + repoB + "&type=step_output")) {
            Thread.sleep(300);
            // Sessions started after the subscribers connected.
            String deployA = start("deploy", repoA.toString());
            String deployB = start("deploy", repoB.resolve("sub").toString());
            String buildA = start("build", repoA.toString());
            try (WsProbe bySession = WsProbe.unix(socket(), "/api/v1/subscribe?session=" + buildA)) {
                Thread.sleep(200);
                for (String id : List.of(deployA, deployB, buildA)) {
                    postEvents(id, "[" + output("s", id) + ",{\"type\":\"step_skipped\",\"step_name\":\"t\",\"reason\":\"r\"}]")
                            .then().statusCode(200);
                    postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
                }
                all.awaitFrames(12, Duration.ofSeconds(5));
                assertEquals(12, all.frames.size(), "3 starts + 3 x (2 events + end)");
                byType.awaitFrames(6, Duration.ofSeconds(5));
                assertTrue(byType.frames.stream().allMatch(f -> f.contains("\"type\":\"step_skipped\"")
                        || f.contains("\"type\":\"zig_session_ended\"")));
                assertEquals(6, byType.frames.size());
                byWorkflow.awaitFrames(8, Duration.ofSeconds(5));
                assertEquals(8, byWorkflow.frames.size());
                assertTrue(byWorkflow.frames.stream().allMatch(f -> f.contains(deployA) || f.contains(deployB)));
                byProject.awaitFrames(8, Duration.ofSeconds(5));
                assertEquals(8, byProject.frames.size());
                assertTrue(byProject.frames.stream().allMatch(f -> f.contains(deployA) || f.contains(buildA)));
                // It joined after buildA started: the hub (delivering on its own thread) may still hand it that
                // start, and then everything after it.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (bySession.frames.stream().noneMatch(f -> f.contains("\"type\":\"zig_session_ended\""))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(3, bySession.frames.stream().filter(f -> !f.contains("\"type\":\"zig_session_started\""))
                        .count(), bySession.frames.toString());
                assertTrue(bySession.frames.stream().allMatch(f -> f.contains(buildA)));
                combined.awaitFrames(1, Duration.ofSeconds(5));
                Thread.sleep(200);
                assertEquals(1, combined.frames.size());
                assertTrue(combined.frames.get(0).contains("\"type\":\"step_output\"") && combined.frames.get(0).contains(deployB));
                // Frames are the stored lines.
                List<String> stored = Files.readAllLines(Path.of((String) api().get("/api/v1/sessions/" + buildA + "?last=0")
                        .then().extract().path("log_path")));
                assertEquals(stored.subList(1, 4), bySession.frames);
            }
        }
        try (WsProbe bad = WsProbe.unix(socket(), "/api/v1/subscribe?type=bogus")) {
            assertEquals((short) 1008, bad.awaitClose(Duration.ofSeconds(5)));
            assertTrue(bad.closeReason.contains("bogus"));
        }
    }

    @Test
    void ingestAcksWithSeqAndABadFrameKeepsTheConnection() throws Exception {
        String id = startSession("ingest");
        try (WsProbe ingest = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            assertEquals("{\"ack\":2}", ingest.send(output("s", "one")));
            assertEquals("{\"ack\":5}", ingest.send(output("s", "two") + "\n" + output("s", "three") + "\n\n" + output("s", "four")));
            String error = ingest.send(output("s", "five") + "\n{\"type\":\"step_output\"}");
            assertTrue(error.startsWith("{\"error\":{\"code\":\"bad_request\",\"message\":\"event 1: field 'step_name' is missing"), error);
            String malformed = ingest.send("{nope");
            assertTrue(malformed.contains("malformed JSON"), malformed);
            assertEquals("{\"ack\":6}", ingest.send(output("s", "six")));
            String ended = ingest.send("{\"type\":\"zig_session_ended\",\"status\":\"success\"}");
            assertEquals("{\"ack\":7}", ended);
            String late = ingest.send(output("s", "late"));
            assertTrue(late.contains("\"code\":\"session_ended\""), late);
        }
        List<String> lines = api().get("/api/v1/sessions/" + id).then().extract().jsonPath().getList("events.line");
        assertEquals(java.util.Arrays.asList(null, "one", "two", "three", "four", "six", null), lines);
    }

    @Test
    void closingIngestWithoutTheEndStampsFailureAfterTheGracePeriod() throws Exception {
        String id = startSession("crashy");
        try (WsProbe ingest = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            assertEquals("{\"ack\":2}", ingest.send(output("s", "working")));
        }
        api().get("/api/v1/sessions/" + id).then().body("status", nullValue());
        Thread.sleep(2000); // grace is 1 s in tests
        api().get("/api/v1/sessions/" + id).then().body("status", equalTo("failure"))
                .body("events[-1].type", equalTo("zig_session_ended")).body("events[-1].status", equalTo("failure"));
    }

    @Test
    void reconnectingWithinTheGracePeriodKeepsTheSessionOpen() throws Exception {
        String id = startSession("flaky");
        try (WsProbe first = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            assertEquals("{\"ack\":2}", first.send(output("s", "before")));
        }
        Thread.sleep(300);
        try (WsProbe second = WsProbe.tcp(base.getPort(), "/api/v1/sessions/" + id + "/ingest")) {
            Thread.sleep(1500);
            assertEquals("{\"ack\":3}", second.send(output("s", "after")));
            api().get("/api/v1/sessions/" + id).then().body("status", nullValue());
            assertEquals("{\"ack\":4}", second.send("{\"type\":\"zig_session_ended\",\"status\":\"success\"}"));
        }
        Thread.sleep(1500);
        api().get("/api/v1/sessions/" + id).then().body("status", equalTo("success"));
    }

    @Test
    void ingestToAnUnknownOrEndedSessionCloses1008() throws Exception {
        try (WsProbe probe = WsProbe.unix(socket(), "/api/v1/sessions/nope/ingest")) {
            assertEquals((short) 1008, probe.awaitClose(Duration.ofSeconds(5)));
            assertEquals("session not found: nope", probe.closeReason);
        }
    }

    @Test
    void streamsOverTcpNeedTheTokenAndRefuseForeignOrigins() throws Exception {
        String id = startSession("secure");
        java.net.InetSocketAddress tcp = new java.net.InetSocketAddress("127.0.0.1", base.getPort());
        try (WsProbe none = WsProbe.connect(tcp, "/api/v1/sessions/" + id + "/stream", "")) {
            assertEquals(401, none.handshakeStatus);
        }
        try (WsProbe wrong = WsProbe.connect(tcp, "/api/v1/subscribe?token=wrong", "")) {
            assertEquals(401, wrong.handshakeStatus);
        }
        try (WsProbe query = WsProbe.connect(tcp, "/api/v1/subscribe?token=" + ApiClient.TOKEN, "")) {
            assertEquals(101, query.handshakeStatus);
        }
        try (WsProbe foreign = WsProbe.connect(tcp, "/api/v1/subscribe?token=" + ApiClient.TOKEN,
                "Origin: https://evil.example\r\n")) {
            assertEquals(403, foreign.handshakeStatus);
        }
        try (WsProbe foreignUnix = WsProbe.connect(java.net.UnixDomainSocketAddress.of(socket()), "/api/v1/subscribe",
                "Origin: https://evil.example\r\n")) {
            assertEquals(403, foreignUnix.handshakeStatus);
        }
        try (WsProbe unix = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            assertEquals(101, unix.handshakeStatus, "no token on the Unix socket");
        }
    }
}
