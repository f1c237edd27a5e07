package dev.zigd.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;
import dev.zigd.stream.WsProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged application (the jar, or the native executable with {@code -Dnative}) as its users meet it: the
 * prod profile, a token generated on first start, TCP and the Unix socket, every event type, streams, ingest,
 * processes, health and metrics. It is also the training run of the AOT cache ({@code -Paot}, README): what it
 * exercises is what starts fast.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class PackagedAppIT {

    private static Path socket() {
        return TempHome.home().resolve(".zig/zigd.sock");
    }

    /** The prod profile has no zigd.token: the daemon generated one into its home. */
    private static RequestSpecification api() throws Exception {
        String token = Files.readString(TempHome.home().resolve(".zig/zigd.token")).strip();
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static UnixHttp.Reply unix(String method, String path, String body) throws Exception {
        return UnixHttp.request(socket(), method, path, body);
    }

    @Test
    void sessionsOverTcpWithTheGeneratedToken() throws Exception {
        given().get("/api/v1/health").then().statusCode(200).body("status", equalTo("ok"));
        given().get("/api/v1/sessions").then().statusCode(401);
        given().header("Authorization", "Bearer " + ApiClient.TOKEN).get("/api/v1/sessions").then().statusCode(401);

        String id = api().body("{\"workflow_name\":\"packaged\",\"workflow_path\":\"/w/packaged.zwf\",\"cwd\":\""
                + TempHome.home() + "\",\"tier_count\":1}")
                .post("/api/v1/sessions").then().statusCode(201).extract().path("zig_session_id");
        String events = "[{\"type\":\"tier_started\",\"tier_index\":0,\"step_names\":[\"lint\",\"test\"]},"
                + "{\"type\":\"step_started\",\"step_name\":\"lint\",\"tier_index\":0,\"zag_session_id\":\"z-1\","
                + "\"zag_command\":\"run\",\"model\":\"sonnet\",\"prompt_preview\":\"check\"},"
                + ApiClient.output("lint", "ok") + ","
                + "{\"type\":\"step_output\",\"step_name\":\"lint\",\"stream\":\"stderr\",\"line\":\"w\\u00e4rning \\ud83d\\ude00\"},"
                + "{\"type\":\"step_completed\",\"step_name\":\"lint\",\"exit_code\":0,\"duration_ms\":12,\"saved_vars\":[]},"
                + "{\"type\":\"step_failed\",\"step_name\":\"test\",\"exit_code\":1,\"attempt\":1,\"error\":\"boom\"},"
                + "{\"type\":\"step_skipped\",\"step_name\":\"deploy\",\"reason\":\"test failed\"}]";
        // The prod profile's 10 s heartbeat may land between two requests on a slow machine: seqs are consecutive
        // within a request and grow across requests, whatever comes between.
        io.restassured.path.json.JsonPath range = api().body(events).post("/api/v1/sessions/" + id + "/events").then()
                .statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertTrue(range.getLong("first_seq") >= 2);
        org.junit.jupiter.api.Assertions.assertEquals(range.getLong("first_seq") + 6, range.getLong("last_seq"));
        long next = api().body(ApiClient.output("lint", "one more")).post("/api/v1/sessions/" + id + "/events").then()
                .statusCode(200).extract().jsonPath().getLong("first_seq");
        org.junit.jupiter.api.Assertions.assertTrue(next > range.getLong("last_seq"));
        api().body("{\"type\":\"nope\"}").post("/api/v1/sessions/" + id + "/events").then().statusCode(400)
                .body("error.code", equalTo("bad_request"));

        api().get("/api/v1/sessions/" + id + "?type=step_output").then().statusCode(200)
                .body("events.size()", equalTo(3)).body("events[1].line", equalTo("w\u00e4rning \ud83d\ude00"));
        api().get("/api/v1/sessions/latest?last=2").then().statusCode(200).body("zig_session_id", equalTo(id));
        api().get("/api/v1/sessions?status=running").then().statusCode(200).body("zig_session_id", hasItem(id));

        api().body("{\"type\":\"zig_session_ended\",\"status\":\"failure\"}").post("/api/v1/sessions/" + id + "/events")
                .then().statusCode(200);
        api().body(ApiClient.output("lint", "late")).post("/api/v1/sessions/" + id + "/events").then().statusCode(409);
        api().get("/api/v1/sessions?status=failure").then().statusCode(200).body("zig_session_id", hasItem(id));
        // A session zig wrote itself, read back.
        api().get("/api/v1/sessions/" + TempHome.FIXTURE_SESSION).then().statusCode(200)
                .body("zig_session_id", equalTo(TempHome.FIXTURE_SESSION));
        // The log as zig reads it, and the index files, once flushed.
        String logPath = api().get("/api/v1/sessions/" + id).then().extract().path("log_path");
        assertEquals(10, Files.readAllLines(Path.of(logPath)).stream().filter(l -> !l.contains("\"type\":\"heartbeat\""))
                .count(), "the start, 8 events and the end (and any heartbeats)");
        long deadline = System.currentTimeMillis() + 5000;
        while (!Files.readString(TempHome.home().resolve(".zig/sessions_index.json")).contains(id)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(ZigJson.MAPPER.readTree(Files.readString(TempHome.home().resolve(".zig/sessions_index.json")))
                .get("sessions").toString().contains(id));
    }

    @Test
    void unixSocketStreamsIngestAndProcesses() throws Exception {
        UnixHttp.Reply started = unix("POST", "/api/v1/sessions",
                "{\"workflow_name\":\"streamed\",\"workflow_path\":\"/w/s.zwf\"}");
        assertEquals(201, started.status(), started.body());
        String id = ZigJson.MAPPER.readTree(started.body()).get("zig_session_id").asText();
        try (WsProbe stream = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/stream");
                WsProbe ingest = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            for (int i = 0; i < 20; i++) {
                assertEquals(200, unix("POST", "/api/v1/sessions/" + id + "/events", ApiClient.output("s", "l" + i)).status());
            }
            assertEquals("{\"ack\":22}", ingest.send(ApiClient.output("s", "via ingest")));
            long deadline = System.currentTimeMillis() + 5000;
            while (stream.frames.size() < 22 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(22, stream.frames.size(), "seq 1 replayed, then 20 posts and one ingest frame live");
        }
        assertEquals(200, unix("GET", "/api/v1/sessions/" + id + "?last=5", null).status());

        UnixHttp.Reply registered = unix("POST", "/api/v1/processes", "{\"pid\":" + ProcessHandle.current().pid()
                + ",\"provider\":\"claude\",\"model\":\"sonnet\",\"command\":\"run\",\"prompt\":\"packaged\"}");
        assertEquals(201, registered.status(), registered.body());
        String process = ZigJson.MAPPER.readTree(registered.body()).get("id").asText();
        UnixHttp.Reply listed = unix("GET", "/api/v1/processes?running=true", null);
        assertEquals(200, listed.status());
        assertTrue(listed.body().contains(process) && listed.body().contains("\"live_status\":\"running\""), listed.body());
        UnixHttp.Reply exited = unix("POST", "/api/v1/processes/" + process + "/status", "{\"status\":\"exited\",\"exit_code\":0}");
        assertEquals(200, exited.status(), exited.body());
        assertEquals(200, unix("POST", "/api/v1/processes/gc", "{\"older_than\":\"0h\",\"dry_run\":true}").status());
        assertEquals(404, unix("GET", "/api/v1/processes/nope", null).status());
        assertTrue(Files.readString(TempHome.home().resolve(".zag/processes.json")).contains(process));
    }

    @Test
    void healthAndMetrics() throws Exception {
        for (String path : new String[] { "/q/health/live", "/q/health/ready", "/q/metrics" }) {
            given().get(path).then().statusCode(401);
            api().get(path).then().statusCode(200);
            assertEquals(200, unix("GET", path, null).status(), path);
        }
        api().get("/q/health/ready").then().body("status", equalTo("UP"));
        api().get("/q/metrics").then().body(containsString("zigd_events_written_total"))
                .body(containsString("zigd_batch_write_seconds_count"));
    }
}
