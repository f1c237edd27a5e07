package dev.zigd.process;

import static dev.zigd.ApiClient.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.event.Timestamps;
import dev.zigd.event.ZigJson;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * {@code /api/v1/processes} against the running daemon on a temp home: real files (written by hand, and by a second
 * writer behaving as zag), real child processes and signals.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class ProcessesApiTest {
    private static final List<Process> CHILDREN = new ArrayList<>();

    /** A file as zag writes it (serde pretty, no trailing newline), written by hand from format.md. */
    static final String ZAG_FILE = """
            {
              "processes": [
                {
                  "id": "0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e01",
                  "pid": 48211,
                  "session_id": "7b1e2c3d-0000-4000-8000-000000000001",
                  "provider": "claude",
                  "model": "sonnet",
                  "command": "run",
                  "prompt": "Fix the \\"flaky\\" test\\nin ümlaut.rs 😀",
                  "started_at": "2026-05-01T09:30:00.120418337+00:00",
                  "status": "exited",
                  "exit_code": 0,
                  "exited_at": "2026-05-01T09:31:00.500+00:00",
                  "root": "/home/ada/src/app",
                  "parent_process_id": null,
                  "parent_session_id": null
                },
                {
                  "id": "0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e02",
                  "pid": 48300,
                  "session_id": null,
                  "provider": "codex",
                  "model": "gpt-5",
                  "command": "exec",
                  "prompt": null,
                  "started_at": "2026-05-01T09:35:00+00:00",
                  "status": "killed",
                  "exit_code": -15,
                  "exited_at": "2026-05-01T09:36:00.000001+00:00",
                  "root": null,
                  "parent_process_id": "0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e01",
                  "parent_session_id": "7b1e2c3d-0000-4000-8000-000000000001"
                }
              ]
            }""";

    @AfterAll
    static void endChildren() {
        CHILDREN.forEach(Process::destroyForcibly);
    }

    @Test
    void zagWrittenFileIsReadBackAndWrittenAgainByteForByte() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        ZagWriter.writeRaw(file, ZAG_FILE);

        JsonPath first = api().get("/api/v1/processes/0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e01").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("Fix the \"flaky\" test\nin ümlaut.rs 😀", first.getString("prompt"));
        assertEquals(48211, first.getInt("pid"));
        assertEquals(0, first.getInt("exit_code"));
        assertEquals("exited", first.getString("live_status"));
        api().get("/api/v1/processes/0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e02").then().statusCode(200)
                .body("exit_code", equalTo(-15)).body("prompt", nullValue()).body("live_status", equalTo("killed"))
                .body("parent_process_id", equalTo("0d1f6a3e-8c7b-4e2a-9f10-5a6b7c8d9e01"));

        long pid = sleep().pid();
        JsonPath registered = api().body("{\"pid\":" + pid + ",\"provider\":\"claude\",\"model\":\"opus\","
                + "\"command\":\"review\",\"prompt\":\"tab\\there \\u0001 \\\"q\\\" / ü\",\"session_id\":\"s-1\","
                + "\"root\":\"/r\",\"parent_session_id\":\"p-s\",\"unknown\":1}")
                .post("/api/v1/processes").then().statusCode(201).extract().jsonPath();
        String id = registered.getString("id");
        String startedAt = registered.getString("started_at");
        assertEquals(id, UUID.fromString(id).toString());
        assertTrue(startedAt.endsWith("+00:00"), startedAt);
        assertEquals("running", registered.getString("status"));
        assertFalse(registered.getMap("$").containsKey("live_status"), "POST answers the stored entry only");

        String added = ZAG_FILE.substring(0, ZAG_FILE.length() - "\n  ]\n}".length()) + """
                ,
                    {
                      "id": "%s",
                      "pid": %d,
                      "session_id": "s-1",
                      "provider": "claude",
                      "model": "opus",
                      "command": "review",
                      "prompt": "tab\\there \\u0001 \\"q\\" / ü",
                      "started_at": "%s",
                      "status": "running",
                      "exit_code": null,
                      "exited_at": null,
                      "root": "/r",
                      "parent_process_id": null,
                      "parent_session_id": "p-s"
                    }
                  ]
                }""".formatted(id, pid, startedAt);
        assertEquals(added, Files.readString(file, StandardCharsets.UTF_8));

        JsonPath exited = api().body("{\"status\":\"exited\",\"exit_code\":3}")
                .post("/api/v1/processes/" + id + "/status").then().statusCode(200).extract().jsonPath();
        String exitedAt = exited.getString("exited_at");
        assertEquals("exited", exited.getString("live_status"));
        String indent = "\n      ";
        assertEquals(added.replace("\"status\": \"running\"," + indent + "\"exit_code\": null," + indent
                + "\"exited_at\": null,", "\"status\": \"exited\"," + indent + "\"exit_code\": 3," + indent
                + "\"exited_at\": \"" + exitedAt + "\","), Files.readString(file, StandardCharsets.UTF_8));
        assertTrue(Instant.parse(exitedAt.replace("+00:00", "Z")).compareTo(Instant.parse(startedAt.replace("+00:00", "Z"))) >= 0);
    }

    @Test
    void missingOptionalKeysReadAsNullAndAreWrittenAsNull() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        // An older zag wrote no optional keys (serde default); unknown keys are ignored, as serde does.
        ZagWriter.writeRaw(file, """
                {"processes":[{"id":"old-1","pid":7,"provider":"p","model":"m","command":"run",\
                "started_at":"2026-01-01T00:00:00+00:00","status":"exited","future_field":[1,2]}],"version":9}""");
        api().get("/api/v1/processes/old-1").then().statusCode(200).body("session_id", nullValue())
                .body("root", nullValue()).body("exit_code", nullValue()).body("live_status", equalTo("exited"));
        api().body("{\"pid\":8,\"provider\":\"p\",\"model\":\"m\",\"command\":\"run\"}").post("/api/v1/processes")
                .then().statusCode(201).body("prompt", nullValue()).body("session_id", nullValue());
        String text = Files.readString(file);
        assertTrue(text.startsWith("""
                {
                  "processes": [
                    {
                      "id": "old-1",
                      "pid": 7,
                      "session_id": null,
                      "provider": "p",
                      "model": "m",
                      "command": "run",
                      "prompt": null,
                      "started_at": "2026-01-01T00:00:00+00:00",
                      "status": "exited",
                      "exit_code": null,
                      "exited_at": null,
                      "root": null,
                      "parent_process_id": null,
                      "parent_session_id": null
                    },
                    {
                """), text);
        assertFalse(text.contains("future_field"));
    }

    @Test
    void listIsRecentFirstWithTiesByIdAndUnparseableLast() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        String[][] rows = {
                { "a1", "2026-05-01T10:00:00+00:00" },
                { "zz", "not a time" },
                { "b1", "2026-05-01T12:00:00+02:00" }, // the same instant as a1: the larger id first
                { "f", "2026-04-30T23:00:00-05:00" },
                { "00", "2026-05-01T10:00:00.000000001+00:00" },
                { "ee", "" },
                { "g", "2026-05-01T09:59:59.999+00:00" },
                { "h", "2026-05-01T10:00+00:00" }, // no seconds: not RFC 3339 (java.time would take it)
        };
        StringBuilder json = new StringBuilder("{\"processes\":[");
        for (int i = 0; i < rows.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(rows[i][0]).append("\",\"pid\":").append(100 + i)
                    .append(",\"provider\":\"").append(i % 2 == 0 ? "even" : "odd")
                    .append("\",\"model\":\"m\",\"command\":\"run\",\"started_at\":\"").append(rows[i][1])
                    .append("\",\"status\":\"exited\",\"exit_code\":0}");
        }
        ZagWriter.writeRaw(file, json.append("]}").toString());

        List<String> ids = api().get("/api/v1/processes").then().statusCode(200).extract().jsonPath().getList("id");
        assertEquals(List.of("00", "b1", "a1", "g", "f", "zz", "h", "ee"), ids);
        api().get("/api/v1/processes?limit=3").then().body("id", equalTo(List.of("00", "b1", "a1")));
        api().get("/api/v1/processes?provider=odd").then().body("id", equalTo(List.of("f", "zz", "h", "ee")));
        api().get("/api/v1/processes?provider=even&limit=2").then().body("id", equalTo(List.of("00", "b1")));
        api().get("/api/v1/processes?limit=0").then().body("size()", equalTo(0));
        api().get("/api/v1/processes?running=true&provider=odd").then().body("size()", equalTo(0));
    }

    @Test
    void liveStatusFollowsRealProcessesAndStopAndKillSignalThem() throws Exception {
        Process first = sleep();
        String a = register(first.pid(), "live");
        api().get("/api/v1/processes/" + a).then().statusCode(200).body("live_status", equalTo("running"))
                .body("status", equalTo("running"));

        // stop: SIGHUP; sleep dies of it, the stored status stays (zag records how its process ended).
        api().post("/api/v1/processes/" + a + "/stop").then().statusCode(200).body("id", equalTo(a));
        assertTrue(first.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "sleep ended on SIGHUP");
        assertEquals(128 + 1, first.exitValue(), "killed by SIGHUP");
        awaitLive(a, "dead");
        api().get("/api/v1/processes/" + a).then().body("status", equalTo("running"));
        api().post("/api/v1/processes/" + a + "/stop").then().statusCode(409).body("error.code", equalTo("not_running"))
                .body("error.message", equalTo("Process " + a + " is not running (status: dead)"));
        api().post("/api/v1/processes/" + a + "/kill").then().statusCode(409);

        // kill: SIGTERM and status killed; a second kill is refused.
        Process second = sleep();
        String b = register(second.pid(), "live");
        api().post("/api/v1/processes/" + b + "/kill").then().statusCode(200).body("status", equalTo("killed"))
                .body("live_status", equalTo("killed")).body("exit_code", nullValue())
                .body("exited_at", not(nullValue()));
        assertTrue(second.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "sleep ended on SIGTERM");
        assertEquals(128 + 15, second.exitValue(), "killed by SIGTERM");
        api().post("/api/v1/processes/" + b + "/kill").then().statusCode(409).body("error.code", equalTo("not_running"))
                .body("error.message", equalTo("Process " + b + " is not running (status: killed)"));
        assertTrue(Files.readString(ZagWriter.file(TempHome.home())).contains("\"status\": \"killed\""));

        // A pid that has exited.
        Process done = new ProcessBuilder("true").start();
        assertEquals(0, done.waitFor());
        String c = register(done.pid(), "live");
        api().get("/api/v1/processes/" + c).then().body("live_status", equalTo("dead"));

        // running=true is applied before limit: the newest entry (c) is dead, so the one running entry is listed.
        Process third = sleep();
        String d = register(third.pid(), "live-filter");
        String e = register(done.pid(), "live-filter");
        api().get("/api/v1/processes?provider=live-filter").then().body("id", equalTo(List.of(e, d)));
        api().get("/api/v1/processes?provider=live-filter&running=true&limit=1").then()
                .body("id", equalTo(List.of(d))).body("[0].live_status", equalTo("running"));
        api().get("/api/v1/processes?running=true").then().body("id", hasItem(d)).body("id", not(hasItem(c)));
    }

    @Test
    void reusedPidsAndZombiesAreDeadAndOtherUsersProcessesAlive() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        // pid reuse: the entry was recorded an hour ago, the process now holding its pid started just now.
        Process fresh = sleep();
        String reused = "reuse-" + UUID.randomUUID();
        ZagWriter.add(file, ZagWriter.entry(reused, fresh.pid(), "reuse",
                Timestamps.format(Instant.now().minus(Duration.ofHours(1)))));
        api().get("/api/v1/processes/" + reused).then().statusCode(200).body("live_status", equalTo("dead"));
        api().post("/api/v1/processes/" + reused + "/kill").then().statusCode(409)
                .body("error.message", equalTo("Process " + reused + " is not running (status: dead)"));
        assertTrue(fresh.isAlive(), "a reused pid is never signalled");
        // The same process registered now is running.
        String now = register(fresh.pid(), "reuse");
        api().get("/api/v1/processes/" + now).then().body("live_status", equalTo("running"));

        // A zombie: exited, not yet reaped by its parent (sleep never waits for children).
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.05 & echo $!; exec sleep 60").start();
        CHILDREN.add(parent);
        long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream())).readLine().trim());
        String z = register(zombie, "zombie");
        awaitState(zombie, 'Z');
        api().get("/api/v1/processes/" + z).then().body("live_status", equalTo("dead"));

        // pid 1 started long before this entry. It is another user's process unless the tests run as root; either
        // way it exists, so it is running. zigd refuses to register or signal it (SignalTargetsTest); zag may
        // record it.
        String init = "init-" + UUID.randomUUID();
        ZagWriter.add(file, ZagWriter.entry(init, 1, "init", Timestamps.format(Instant.now())));
        api().get("/api/v1/processes/" + init).then().body("live_status", equalTo("running"));
        api().post("/api/v1/processes/" + init + "/stop").then().statusCode(400)
                .body("error.message", containsString("refusing to send SIGHUP to pid 1"));
    }

    @Test
    void aPidPointedAtLaterIsJudgedFromWhenItWasSet() throws Exception {
        Process wrapper = sleep();
        String id = register(wrapper.pid(), "child");
        Thread.sleep(Liveness.SLACK.toMillis() + 300);
        Process child = sleep(); // started after started_at + slack: only the pid change makes it the entry's
        api().body("{\"pid\":" + child.pid() + "}").post("/api/v1/processes/" + id + "/pid").then().statusCode(200)
                .body("pid", equalTo((int) child.pid())).body("live_status", equalTo("running"));
        api().get("/api/v1/processes/" + id).then().body("live_status", equalTo("running"));
        assertTrue(Files.readString(ZagWriter.file(TempHome.home())).contains("\"pid\": " + child.pid() + ","));
    }

    @Test
    void anotherWriterBetweenZigdWritesLosesNothing() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        Set<String> zagIds = new HashSet<>();
        List<String> zigdIds = new ArrayList<>();
        long pid = sleep().pid();
        int rounds = 200;
        for (int i = 0; i < rounds; i++) {
            // zag: load, add its own entry, temp + rename.
            String zagId = "zag-" + i + "-" + UUID.randomUUID();
            ZagWriter.add(file, ZagWriter.entry(zagId, pid, "zag-side", Timestamps.format(Instant.now())));
            zagIds.add(zagId);
            // zag changes a field of an entry zigd wrote; zigd then changes other fields of it: both stay.
            if (i % 20 == 10) {
                String target = zigdIds.get(i - 5);
                ZagWriter.set(file, target, "model", "changed-by-zag");
                api().body("{\"status\":\"exited\",\"exit_code\":" + i + "}").post("/api/v1/processes/" + target + "/status")
                        .then().statusCode(200).body("model", equalTo("changed-by-zag")).body("exit_code", equalTo(i));
            }
            zigdIds.add(fastRegister(pid, "zigd-side"));
        }

        JsonNode stored = ZigJson.MAPPER.readTree(Files.readAllBytes(file));
        Set<String> inFile = new HashSet<>();
        stored.get("processes").forEach(e -> inFile.add(e.get("id").asText()));
        assertTrue(inFile.containsAll(zagIds), "every zag entry is in the file");
        assertTrue(inFile.containsAll(zigdIds), "every zigd entry is in the file");
        assertEquals(rounds, api().get("/api/v1/processes?provider=zag-side").then().extract().jsonPath()
                .getList("id").size());
        List<String> listed = api().get("/api/v1/processes?provider=zigd-side").then().extract().jsonPath().getList("id");
        assertEquals(Set.copyOf(zigdIds), Set.copyOf(listed));
        for (int i = 10; i < rounds; i += 20) {
            String target = zigdIds.get(i - 5);
            JsonNode entry = null;
            for (JsonNode e : stored.get("processes")) {
                if (e.get("id").asText().equals(target)) {
                    entry = e;
                }
            }
            assertNotNull(entry);
            assertEquals("changed-by-zag", entry.get("model").asText());
            assertEquals("exited", entry.get("status").asText());
            assertEquals(i, entry.get("exit_code").asInt());
        }
    }

    @Test
    void aCorruptFileIsKeptAsideNeverOverwrittenSilently() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        String kept = register(sleep().pid(), "before-corruption");
        byte[] garbage = ("{\"processes\": [ {\"id\": \"torn-" + UUID.randomUUID() + "\", \"pid\": ").getBytes(StandardCharsets.UTF_8);
        ZagWriter.writeRaw(file, garbage);

        // Reads serve the last good state; the unparseable version is copied aside at once.
        api().get("/api/v1/processes/" + kept).then().statusCode(200);
        assertEquals(1, copiesHolding(garbage).size(), "one copy with the original bytes");
        assertArrayEquals(garbage, Files.readAllBytes(file), "a read never rewrites the file");

        // A write is refused, with the file and the copy named; the file is rewritten from the last good state.
        String message = api().body("{\"pid\":5,\"provider\":\"p\",\"model\":\"m\",\"command\":\"run\"}")
                .post("/api/v1/processes").then().statusCode(500).body("error.code", equalTo("storage_failed"))
                .extract().path("error.message");
        assertTrue(message.startsWith("process store " + file + " does not parse (malformed JSON at line 1"), message);
        assertTrue(message.contains("a copy is kept at " + copiesHolding(garbage).get(0)), message);
        assertTrue(message.contains("rewrote it from its last good state"), message);
        assertTrue(message.endsWith("this request was not applied: send it again"), message);
        assertEquals(1, copiesHolding(garbage).size(), "the same content is kept once");
        JsonNode restored = ZigJson.MAPPER.readTree(Files.readAllBytes(file));
        assertTrue(restored.toString().contains(kept));
        assertFalse(restored.toString().contains("\"pid\":5,"), "the refused registration is not in the file");

        String after = register(sleep().pid(), "after-corruption");
        String text = Files.readString(file);
        assertTrue(text.contains(kept) && text.contains(after));

        // Unparseable in its structure rather than its syntax: the message names the entry and the field.
        ZagWriter.writeRaw(file, "{\"processes\":[{\"id\":\"x\",\"pid\":\"12\"}]}");
        api().body("{\"status\":\"exited\"}").post("/api/v1/processes/" + after + "/status").then().statusCode(500)
                .body("error.message", containsString("(entry 0: field 'pid' must be an integer, got a string)"));
        api().get("/api/v1/processes/" + after).then().statusCode(200).body("status", equalTo("running"));
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() throws Exception {
        String id = register(sleep().pid(), "bad-input");
        api().get("/api/v1/processes/no-such-id").then().statusCode(404).body("error.code", equalTo("not_found"))
                .body("error.message", equalTo("Process not found: no-such-id"));
        api().body("{\"status\":\"exited\"}").post("/api/v1/processes/no-such-id/status").then().statusCode(404)
                .body("error.message", equalTo("Process not found: no-such-id"));
        api().body("{\"pid\":3}").post("/api/v1/processes/no-such-id/pid").then().statusCode(404);
        api().post("/api/v1/processes/no-such-id/kill").then().statusCode(404);
        api().post("/api/v1/processes/no-such-id/stop").then().statusCode(404);

        api().body("{\"status\":\"running\"}").post("/api/v1/processes/" + id + "/status").then().statusCode(400)
                .body("error.code", equalTo("bad_request"))
                .body("error.message", equalTo("field 'status' must be one of \"exited\", \"killed\", got \"running\""));
        api().body("{\"exit_code\":1}").post("/api/v1/processes/" + id + "/status").then().statusCode(400)
                .body("error.message", equalTo("field 'status' is missing"));
        api().body("{\"status\":\"exited\",\"exit_code\":\"1\"}").post("/api/v1/processes/" + id + "/status").then()
                .statusCode(400).body("error.message", equalTo("field 'exit_code' must be an integer, got a string"));
        api().body("{\"pid\":-4}").post("/api/v1/processes/" + id + "/pid").then().statusCode(400)
                .body("error.message", startsWith("field 'pid' is out of range: -4"));
        api().body("{\"pid\":0}").post("/api/v1/processes/" + id + "/pid").then().statusCode(400)
                .body("error.message", startsWith("field 'pid' is out of range: 0"));
        api().body("{\"pid\":4294967296}").post("/api/v1/processes/" + id + "/pid").then().statusCode(400);
        api().body("{\"pid\":-1,\"provider\":\"p\",\"model\":\"m\",\"command\":\"run\"}").post("/api/v1/processes")
                .then().statusCode(400).body("error.message", startsWith("field 'pid' is out of range"));
        api().body("{\"pid\":1,\"model\":\"m\",\"command\":\"run\"}").post("/api/v1/processes").then().statusCode(400)
                .body("error.message", equalTo("field 'provider' is missing"));
        api().body("{\"pid\":1,\"provider\":\"p\",\"model\":7,\"command\":\"run\"}").post("/api/v1/processes").then()
                .statusCode(400).body("error.message", equalTo("field 'model' must be a string, got an integer"));
        api().body("{\"pid\":1,\"provider\":").post("/api/v1/processes").then().statusCode(400)
                .body("error.message", startsWith("malformed JSON at line 1"));
        api().body("[1]").post("/api/v1/processes").then().statusCode(400)
                .body("error.message", equalTo("the request body must be a JSON object, got an array"));
        api().body("").post("/api/v1/processes/" + id + "/pid").then().statusCode(400)
                .body("error.message", startsWith("malformed JSON"));
        api().get("/api/v1/processes?running=yes").then().statusCode(400)
                .body("error.message", equalTo("query parameter 'running' must be true or false, got 'yes'"));
        api().get("/api/v1/processes?limit=-1").then().statusCode(400);
        api().body("{\"older_than\":\"7w\"}").post("/api/v1/processes/gc").then().statusCode(400)
                .body("error.message", startsWith("field 'older_than' must be a number of days or hours"));
        api().body("{\"dry_run\":\"false\"}").post("/api/v1/processes/gc").then().statusCode(400)
                .body("error.message", startsWith("field 'dry_run' must be a boolean"));
        api().get("/api/v1/processes/" + id).then().statusCode(200).body("status", equalTo("running"));
    }

    @Test
    void aHugePromptIsCutTo100CharactersNeverInsideOne() throws Exception {
        String emoji = "😀"; // one character, two UTF-16 units, four UTF-8 bytes
        String prompt = "a".repeat(99) + emoji + "tail" + "x".repeat(2_000_000);
        long alive = sleep().pid();
        String body = "{\"pid\":" + alive + ",\"provider\":\"cut\",\"model\":\"m\",\"command\":\"run\",\"prompt\":\"" + prompt + "\"}";
        String stored = api().body(body).post("/api/v1/processes").then().statusCode(201).extract().path("prompt");
        assertEquals("a".repeat(99) + emoji, stored);
        assertEquals(100, stored.codePointCount(0, stored.length()));
        String shortOne = api().body("{\"pid\":" + alive + ",\"provider\":\"cut\",\"model\":\"m\",\"command\":\"run\",\"prompt\":\""
                + emoji.repeat(100) + "\"}").post("/api/v1/processes").then().statusCode(201).extract().path("prompt");
        assertEquals(emoji.repeat(100), shortOne, "100 characters of 2 UTF-16 units each are kept whole");
        assertTrue(Files.readString(ZagWriter.file(TempHome.home())).contains("\"prompt\": \"" + "a".repeat(99) + emoji + "\""));
    }

    @Test
    void gcRemovesFinishedEntriesOlderThanTheCutoffOnlyWhenAsked() throws Exception {
        Path file = ZagWriter.file(TempHome.home());
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        Instant now = Instant.now();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        ZagWriter.writeRaw(file, "{\"processes\":[]}");
        ZagWriter.add(file, withStatus(ZagWriter.entry("old-exited-" + tag, 5, "gc", Timestamps.format(now.minus(Duration.ofDays(10)))), "exited"));
        ZagWriter.add(file, ZagWriter.entry("old-dead-" + tag, exited.pid(), "gc", Timestamps.format(now.minus(Duration.ofDays(9)))));
        ZagWriter.add(file, withStatus(ZagWriter.entry("old-killed-" + tag, 6, "gc", Timestamps.format(now.minus(Duration.ofDays(3)))), "killed"));
        ZagWriter.add(file, withStatus(ZagWriter.entry("new-exited-" + tag, 7, "gc", Timestamps.format(now.minus(Duration.ofSeconds(5)))), "exited"));
        ZagWriter.add(file, withStatus(ZagWriter.entry("no-time-" + tag, 8, "gc", "yesterday"), "exited"));
        String live = register(sleep().pid(), "gc");

        api().body("").post("/api/v1/processes/gc").then().statusCode(200).body("dry_run", equalTo(true))
                .body("removed", equalTo(List.of("old-dead-" + tag, "old-exited-" + tag)));
        api().body("{\"older_than\":\"2d\"}").post("/api/v1/processes/gc").then().statusCode(200)
                .body("dry_run", equalTo(true))
                .body("removed", equalTo(List.of("old-killed-" + tag, "old-dead-" + tag, "old-exited-" + tag)));
        assertTrue(Files.readString(file).contains("old-exited-" + tag), "a dry run removes nothing");

        api().body("{\"older_than\":\"48h\",\"dry_run\":false}").post("/api/v1/processes/gc").then().statusCode(200)
                .body("dry_run", equalTo(false))
                .body("removed", equalTo(List.of("old-killed-" + tag, "old-dead-" + tag, "old-exited-" + tag)));
        String text = Files.readString(file);
        assertFalse(text.contains("old-"), text);
        assertTrue(text.contains("new-exited-" + tag) && text.contains(live) && text.contains("no-time-" + tag));

        api().body("{\"older_than\":\"0h\",\"dry_run\":false}").post("/api/v1/processes/gc").then().statusCode(200)
                .body("removed", equalTo(List.of("new-exited-" + tag)));
        api().get("/api/v1/processes?provider=gc").then().body("id", equalTo(List.of(live, "no-time-" + tag)));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** A child that dies of SIGHUP even when this JVM was started with SIGHUP ignored (nohup). */
    private static Process sleep() throws IOException {
        Process p = new ProcessBuilder("env", "--default-signal=HUP", "sleep", "60").start();
        CHILDREN.add(p);
        return p;
    }

    private static String register(long pid, String provider) {
        return api().body("{\"pid\":" + pid + ",\"provider\":\"" + provider + "\",\"model\":\"m\",\"command\":\"run\","
                + "\"prompt\":\"p\"}").post("/api/v1/processes").then().statusCode(201).extract().path("id");
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** {@link #register} without RestAssured's per-request cost (some ms), for loops of hundreds. */
    private static String fastRegister(long pid, String provider) throws Exception {
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/processes");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + ApiClient.TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pid\":" + pid + ",\"provider\":\"" + provider
                        + "\",\"model\":\"m\",\"command\":\"run\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return ZigJson.MAPPER.readTree(response.body()).get("id").asText();
    }

    private static void awaitLive(String id, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String live;
        do {
            live = api().get("/api/v1/processes/" + id).then().statusCode(200).extract().path("live_status");
            if (live.equals(expected)) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, live);
    }

    private static void awaitState(long pid, char state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            if (stat.charAt(stat.lastIndexOf(')') + 2) == state) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid + " never reached state " + state);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode withStatus(
            com.fasterxml.jackson.databind.node.ObjectNode entry, String status) {
        entry.put("status", status);
        return entry;
    }

    private static List<Path> copiesHolding(byte[] content) throws IOException {
        try (Stream<Path> files = Files.list(ZagWriter.file(TempHome.home()).getParent())) {
            List<Path> out = new ArrayList<>();
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith("processes.json.corrupt-")
                        && java.util.Arrays.equals(Files.readAllBytes(p), content)) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
