package dev.zigd.api;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;
import dev.zigd.event.EventDecoder;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class SessionsApiTest {

    @Test
    void startWritesSeqOneAndListsTheSessionAtOnce() throws Exception {
        Path repo = Files.createDirectories(TempHome.home().resolve("src/app/sub"));
        Files.createDirectories(TempHome.home().resolve("src/app/.git"));
        JsonPath started = api().body("{\"workflow_name\":\"review\",\"workflow_path\":\"/w/review.zwf\","
                + "\"prompt\":\"check it\",\"tier_count\":2,\"cwd\":\"" + repo + "\",\"owner_pid\":" + ProcessHandle.current().pid() + "}")
                .post("/api/v1/sessions").then().statusCode(201).extract().jsonPath();
        String id = started.getString("zig_session_id");
        String project = Projects_sanitized(TempHome.home().resolve("src/app"));
        String workspace = TempHome.home().resolve(".zig/projects").resolve(project).toString();
        assertEquals(workspace, started.getString("workspace_path"));
        assertEquals(workspace + "/logs/sessions/" + id + ".jsonl", started.getString("log_path"));

        List<String> lines = Files.readAllLines(Path.of(started.getString("log_path")));
        assertEquals(1, lines.size());
        assertEquals("{\"seq\":1,\"ts\":\"" + started.getString("started_at") + "\",\"zig_session_id\":\"" + id
                + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"review\",\"workflow_path\":\"/w/review.zwf\","
                + "\"workspace_path\":\"" + workspace + "\",\"cwd\":\"" + repo + "\",\"prompt\":\"check it\",\"tier_count\":2}",
                lines.get(0));

        api().get("/api/v1/sessions?status=running").then().statusCode(200)
                .body("zig_session_id", hasItem(id));
        api().get("/api/v1/sessions?project=" + repo).then().statusCode(200)
                .body("zig_session_id", contains(id)).body("[0].project", equalTo(workspace));
    }

    @Test
    void appendNumbersEventsAndEndStampsTheIndexes() throws Exception {
        String id = startSession("append");
        postEvents(id, output("a", "one")).then().statusCode(200).body("first_seq", equalTo(2)).body("last_seq", equalTo(2));
        postEvents(id, "[" + output("a", "two") + "," + output("a", "three") + "]").then().statusCode(200)
                .body("first_seq", equalTo(3)).body("last_seq", equalTo(4));
        postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200)
                .body("last_seq", equalTo(5));

        JsonPath session = api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("success", session.getString("status"));
        assertTrue(session.getString("ended_at").endsWith("+00:00"));
        assertEquals(List.of(1, 2, 3, 4, 5), session.getList("events.seq"));
        assertTrue(session.getLong("events[4].duration_ms") >= 0, "measured duration_ms");

        postEvents(id, output("a", "late")).then().statusCode(409)
                .body("error.code", equalTo("session_ended")).body("error.message", containsString(id));
        api().get("/api/v1/sessions?status=success").then().body("zig_session_id", hasItem(id));
        api().get("/api/v1/sessions?status=running").then().body("zig_session_id", not(hasItem(id)));
    }

    @Test
    void readFiltersByRangeTypeAndLast() {
        String id = startSession("filters");
        for (int i = 0; i < 6; i++) {
            postEvents(id, output("s", "line " + i)).then().statusCode(200);
        }
        postEvents(id, "{\"type\":\"step_skipped\",\"step_name\":\"t\",\"reason\":\"r\"}").then().statusCode(200);
        api().get("/api/v1/sessions/" + id + "?after_seq=2&before_seq=6").then()
                .body("events.seq", contains(3, 4, 5));
        api().get("/api/v1/sessions/" + id + "?type=step_skipped,zig_session_started").then()
                .body("events.seq", contains(1, 8));
        api().get("/api/v1/sessions/" + id + "?type=step_output&last=2").then()
                .body("events.line", contains("line 4", "line 5"));
        api().get("/api/v1/sessions/" + id + "?type=nope").then().statusCode(400)
                .body("error.message", containsString("unknown event types [nope]"));
        api().get("/api/v1/sessions/" + id + "?after_seq=x").then().statusCode(400)
                .body("error.message", containsString("'after_seq'"));
    }

    @Test
    void eventsAreReturnedAsTheStoredBytes() throws Exception {
        String id = startSession("bytes");
        postEvents(id, output("s", "tab\\there \\u001b[0m ü 😀")).then().statusCode(200);
        String body = api().get("/api/v1/sessions/" + id + "?after_seq=1").then().statusCode(200)
                .extract().body().asString();
        String logPath = api().get("/api/v1/sessions/" + id).then().extract().path("log_path");
        String stored = Files.readAllLines(Path.of(logPath),
                StandardCharsets.UTF_8).get(1);
        assertTrue(body.endsWith(",\"events\":[" + stored + "]}"), body);
        assertTrue(stored.contains("\"line\":\"tab\\there \\u001b[0m ü 😀\""), stored);
    }

    @Test
    void selectorsResolveLatestActivePrefixAndRefuseAmbiguity() {
        String first = startSession("sel");
        String second = startSession("sel");
        api().get("/api/v1/sessions/latest").then().body("zig_session_id", equalTo(second));
        postEvents(second, "{\"type\":\"zig_session_ended\",\"status\":\"failure\",\"duration_ms\":5}").then().statusCode(200);
        api().get("/api/v1/sessions/latest").then().body("zig_session_id", equalTo(second));
        api().get("/api/v1/sessions/active").then().body("zig_session_id", not(equalTo(second)));
        api().get("/api/v1/sessions/" + first.substring(0, 13)).then().statusCode(200).body("zig_session_id", equalTo(first));
        api().get("/api/v1/sessions/" + "").then().statusCode(200); // the list
        api().get("/api/v1/sessions/ffffffff-no-such").then().statusCode(404)
                .body("error.code", equalTo("not_found")).body("error.message", equalTo("session not found: ffffffff-no-such"));
        // Two ids share a one-character prefix among many sessions with near certainty; find one that does.
        List<String> ids = api().get("/api/v1/sessions").then().extract().jsonPath().getList("zig_session_id");
        String prefix = null;
        for (String a : ids) {
            for (String b : ids) {
                if (!a.equals(b) && a.charAt(0) == b.charAt(0)) {
                    prefix = a.substring(0, 1);
                }
            }
        }
        if (prefix != null) {
            api().get("/api/v1/sessions/" + prefix).then().statusCode(409).body("error.code", equalTo("ambiguous"))
                    .body("error.message", startsWith("ambiguous session id prefix '" + prefix + "'. Matches: "));
        }
    }

    @Test
    void everyErrorRowOfTheContract() throws Exception {
        String id = startSession("errors");
        postEvents(id, "{\"type\":\"step_output\",").then().statusCode(400)
                .body("error.code", equalTo("bad_request")).body("error.message", startsWith("malformed JSON at line 1"));
        postEvents(id, "{\"type\":\"launch\"}").then().statusCode(400)
                .body("error.message", startsWith("unknown event type 'launch'; accepted types: tier_started"));
        postEvents(id, "{\"type\":\"step_output\",\"stream\":\"stdout\",\"line\":\"x\"}").then().statusCode(400)
                .body("error.message", equalTo("field 'step_name' is missing"));
        postEvents(id, "{\"type\":\"step_completed\",\"step_name\":\"a\",\"exit_code\":0,\"duration_ms\":-5,\"saved_vars\":[]}")
                .then().statusCode(400).body("error.message", startsWith("field 'duration_ms' is out of range"));
        postEvents(id, "{\"type\":\"heartbeat\",\"interval_secs\":10}").then().statusCode(400)
                .body("error.message", startsWith("type 'heartbeat' is written by the daemon only"));
        postEvents(id, "{\"type\":\"zig_session_started\"}").then().statusCode(400);
        postEvents("00000000-0000-4000-8000-000000000000", output("a", "x")).then().statusCode(404)
                .body("error.message", equalTo("session not found: 00000000-0000-4000-8000-000000000000"));
        api().body("{\"workflow_name\":\"x\"}").post("/api/v1/sessions").then().statusCode(400)
                .body("error.message", equalTo("field 'workflow_path' is missing"));
        api().body("{\"workflow_name\":\"x\",\"workflow_path\":\"p\",\"cwd\":\"relative/dir\"}").post("/api/v1/sessions")
                .then().statusCode(400).body("error.message", containsString("'cwd' must be an absolute path"));
        api().body("{\"workflow_name\":\"x\",\"workflow_path\":\"p\",\"owner_pid\":-3}").post("/api/v1/sessions")
                .then().statusCode(400).body("error.message", startsWith("field 'owner_pid' is out of range"));

        // A rejected array appends nothing, even when its bad event is last.
        String good = output("a", "kept?");
        postEvents(id, "[" + good + "," + good + ",{\"type\":\"step_output\"}]").then().statusCode(400)
                .body("error.message", startsWith("event 2: "));
        postEvents(id, "[{\"type\":\"zig_session_ended\",\"status\":\"success\"}," + good + "]").then().statusCode(400)
                .body("error.message", containsString("zig_session_ended must be the last event"));
        // Too large: over zigd.max-event-size as one event, and over zigd.max-body-size as a body.
        String big = "x".repeat(1_100_000);
        postEvents(id, output("a", big)).then().statusCode(413).body("error.code", equalTo("too_large"))
                .body("error.message", containsString("zigd.max-event-size"));
        postEvents(id, "[" + (output("a", "y".repeat(900_000)) + ",").repeat(19) + good + "]").then().statusCode(413)
                .body("error.code", equalTo("too_large")).body("error.message", containsString("zigd.max-body-size"));

        api().get("/api/v1/sessions/" + id).then().body("events.seq", contains(1));
        postEvents(id, good).then().statusCode(200).body("first_seq", equalTo(2));
    }

    @Test
    void zigWrittenLogsAndIndexesReadBack() {
        JsonPath session = api().get("/api/v1/sessions/" + TempHome.FIXTURE_SESSION).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("/home/ada/src/app/review.zwf", session.getString("workflow_path"));
        assertEquals("success", session.getString("status"));
        assertEquals(List.of(1, 2, 3, 4, 5), session.getList("events.seq"));
        assertEquals("warning: unused \"x\"\tin ümlaut.rs \u001b[0m", session.getString("events[2].line"));
        api().get("/api/v1/sessions?workflow=review&project=" + TempHome.FIXTURE_REPO).then().statusCode(200);

        // An open zig session with a torn last line: the torn line is not an event; appending continues at seq 3.
        api().get("/api/v1/sessions/" + TempHome.FIXTURE_OPEN_SESSION).then().body("events.seq", contains(1, 2))
                .body("ended_at", nullValue());
        postEvents(TempHome.FIXTURE_OPEN_SESSION, output("compile", "resumed")).then().statusCode(200)
                .body("first_seq", equalTo(3));
        api().get("/api/v1/sessions/" + TempHome.FIXTURE_OPEN_SESSION).then().body("events.seq", contains(1, 2, 3))
                .body("events.line", hasItem("resumed"));
    }

    @Test
    void indexFilesAreWrittenInBatchesAndParse() throws Exception {
        String id = startSession("indexed");
        Path global = TempHome.home().resolve(".zig/sessions_index.json");
        long deadline = System.currentTimeMillis() + 5000;
        Path projectIndex = TempHome.home().resolve(".zig/logs/index.json");
        // One flush writes both files, one after the other (each fsynced): wait for the second too.
        while (!(Files.readString(global).contains(id) && Files.readString(projectIndex).contains(id))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        String text = Files.readString(global);
        assertTrue(text.contains(id), "global index lists the new session within the flush interval");
        assertTrue(text.startsWith("{\n  \"sessions\": [\n    {\n"));
        EventDecoder.parse(text);
        assertTrue(text.contains(TempHome.FIXTURE_SESSION), "zig's own entries are kept");
        String project = Files.readString(TempHome.home().resolve(".zig/logs/index.json"));
        assertTrue(project.contains("\"zig_session_id\": \"" + id + "\""));
        api().get("/api/v1/sessions?limit=2").then().body("size()", equalTo(2));
        api().get("/api/v1/sessions?status=bogus").then().statusCode(400);
        api().get("/api/v1/sessions").then().body("started_at", everyItem(not(nullValue())));
    }

    private static String Projects_sanitized(Path repo) {
        return dev.zigd.index.Projects.sanitize(repo.toString());
    }
}
