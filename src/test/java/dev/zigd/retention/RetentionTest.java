package dev.zigd.retention;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.event.ZigJson;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Clean-up by hand, on a daemon of its own (its own temp home): what goes and what stays, on disk and in both index
 * files. No schedule runs here ({@code zigd.retention.every=off}).
 */
@QuarkusTest
@TestProfile(RetentionTest.ByHandOnly.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionTest {

    public static class ByHandOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zigd.retention.every", "off", "zigd.index-flush-interval", "50ms");
        }
    }

    static String endedSession(String workflow, int lines) {
        String id = startSession(workflow);
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < lines; i++) {
            events.append(i == 0 ? "" : ",").append(output("s", "line " + i + " " + "x".repeat(100)));
        }
        postEvents(id, events.append("]").toString()).then().statusCode(200);
        postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
        return id;
    }

    static Path logOf(String id) {
        return Path.of(api().get("/api/v1/sessions/" + id + "?last=0").then().statusCode(200).extract()
                .<String>path("log_path"));
    }

    static JsonPath gc(String body) {
        return api().body(body).post("/api/v1/sessions/gc").then().statusCode(200).extract().jsonPath();
    }

    /** The ids an index file lists, read as zig reads it: {@code {"sessions":[…]}}, every entry with its fields. */
    static List<String> idsIn(Path indexFile) throws Exception {
        JsonNode root = ZigJson.MAPPER.readTree(Files.readAllBytes(indexFile));
        List<String> ids = new ArrayList<>();
        for (JsonNode entry : root.get("sessions")) {
            assertTrue(entry.has("zig_session_id") && entry.has("log_path") && entry.has("started_at")
                    && entry.has("ended_at") && entry.has("status"), "a whole entry: " + entry);
            ids.add(entry.get("zig_session_id").asText());
        }
        return ids;
    }

    static Path globalIndex() {
        return TempHome.home().resolve(".zig/sessions_index.json");
    }

    static Path projectIndexOf(Path log) {
        return log.getParent().getParent().resolve("index.json");
    }

    @Test
    void dryRunListsWhatWouldGoAndChangesNothing() throws Exception {
        String id = endedSession("dry", 3);
        Path log = logOf(id);
        long size = Files.size(log);
        // The indexes are written in batches (100 ms): compare against the file once it shows the session ended.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!endedInFile(globalIndex(), id) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        byte[] globalBefore = Files.readAllBytes(globalIndex());

        JsonPath answer = gc("{\"older_than\":\"0s\"}");
        assertTrue(answer.getBoolean("dry_run"), "dry_run is the default");
        List<Map<String, Object>> sessions = answer.getList("sessions");
        Map<String, Object> mine = sessions.stream().filter(s -> s.get("id").equals(id)).findFirst().orElseThrow();
        assertEquals("dry", mine.get("workflow"));
        assertEquals(((Number) mine.get("bytes")).longValue(), size);
        assertTrue(answer.getLong("bytes_freed") >= size);

        assertTrue(Files.exists(log));
        api().get("/api/v1/sessions/" + id).then().statusCode(200);
        Thread.sleep(200); // a flush tick, if the dry run had changed anything
        assertTrue(idsIn(globalIndex()).contains(id));
        assertEquals(new String(globalBefore), new String(Files.readAllBytes(globalIndex())));
    }

    @Test
    @Order(1) // the fixture's old session is still there
    void oldEndedSessionsGoFromDiskAndBothIndexesOpenAndRecentOnesStay() throws Exception {
        // zig's own ended session in the fixtures ended in May 2026: older than 30 days.
        Path zigLog = TempHome.home().resolve(".zig/projects/home-ada-src-app/logs/sessions/"
                + TempHome.FIXTURE_SESSION + ".jsonl");
        String recent = endedSession("recent", 2);
        String open = startSession("open");
        postEvents(open, output("s", "still going")).then().statusCode(200);

        JsonPath answer = gc("{\"older_than\":\"30d\",\"dry_run\":false}");
        assertFalse(answer.getBoolean("dry_run"));
        assertEquals(List.of(TempHome.FIXTURE_SESSION), answer.getList("sessions.id"));
        assertTrue(answer.getLong("bytes_freed") > 0);
        assertFalse(Files.exists(zigLog), "the log is gone");
        api().get("/api/v1/sessions/" + TempHome.FIXTURE_SESSION).then().statusCode(404);
        assertFalse(idsIn(globalIndex()).contains(TempHome.FIXTURE_SESSION), "written before the answer");
        List<String> projectIds = idsIn(projectIndexOf(zigLog));
        assertFalse(projectIds.contains(TempHome.FIXTURE_SESSION));
        assertTrue(projectIds.contains(TempHome.FIXTURE_OPEN_SESSION), "zig's open session stays");

        // Everything else ended, but not long enough ago; or is open.
        JsonPath all = gc("{\"older_than\":\"0s\",\"dry_run\":false}");
        assertTrue(all.getList("sessions.id").contains(recent));
        assertFalse(all.getList("sessions.id").contains(open), "an open session never goes");
        assertFalse(all.getList("sessions.id").contains(TempHome.FIXTURE_OPEN_SESSION));
        assertTrue(Files.exists(logOf(open)));
        assertTrue(idsIn(globalIndex()).contains(open));
        postEvents(open, output("s", "still writable")).then().statusCode(200);
        api().get("/api/v1/sessions").then().body("zig_session_id", not(hasItem(recent)));
    }

    @Test
    void sizeCapRemovesTheOldestEndedFirst() throws Exception {
        gc("{\"older_than\":\"0s\",\"dry_run\":false}"); // only open sessions are left
        String first = endedSession("cap", 20);
        String second = endedSession("cap", 20);
        String third = endedSession("cap", 20);
        long total;
        try (Stream<Path> logs = Files.walk(TempHome.home().resolve(".zig"))) {
            total = logs.filter(p -> p.toString().endsWith(".jsonl")).mapToLong(p -> p.toFile().length()).sum();
        }
        long cap = total - Files.size(logOf(first)) - 1; // the first alone is not enough: the second goes too
        JsonPath answer = gc("{\"max_total_size\":\"" + cap + "\",\"dry_run\":false}");
        assertEquals(List.of(first, second), answer.getList("sessions.id"));
        api().get("/api/v1/sessions/" + first).then().statusCode(404);
        api().get("/api/v1/sessions/" + second).then().statusCode(404);
        api().get("/api/v1/sessions/" + third).then().statusCode(200);
    }

    @Test
    void deleteTakesOneEndedSessionByItsFullIdOnly() throws Exception {
        String ended = endedSession("delete", 2);
        Path log = logOf(ended);
        api().delete("/api/v1/sessions/" + ended.substring(0, 8)).then().statusCode(404)
                .body("error.code", equalTo("not_found")).body("error.message", containsString("full session id"));

        String open = startSession("delete-open");
        api().delete("/api/v1/sessions/" + open).then().statusCode(409).body("error.code", equalTo("session_open"));
        assertTrue(Files.exists(logOf(open)));

        int size = (int) Files.size(log);
        api().delete("/api/v1/sessions/" + ended).then().statusCode(200).body("sessions[0].id", equalTo(ended))
                .body("sessions[0].bytes", equalTo(size)).body("bytes_freed", equalTo(size))
                .body("dry_run", equalTo(false));
        assertFalse(Files.exists(log));
        api().get("/api/v1/sessions/" + ended).then().statusCode(404);
        api().delete("/api/v1/sessions/" + ended).then().statusCode(404);
    }

    @Test
    void aLogAnotherProcessHoldsOpenIsKept() throws Exception {
        String ended = endedSession("held", 2);
        Path log = logOf(ended);
        Process tail = new ProcessBuilder("tail", "-f", log.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            waitUntilHeld(tail, log);
            api().delete("/api/v1/sessions/" + ended).then().statusCode(409).body("error.code", equalTo("session_open"))
                    .body("error.message", containsString("process " + tail.pid()));
            JsonPath answer = gc("{\"older_than\":\"0s\",\"dry_run\":false}");
            assertFalse(answer.getList("sessions.id").contains(ended));
            assertTrue(Files.exists(log));
        } finally {
            tail.destroy();
            tail.waitFor();
        }
        api().delete("/api/v1/sessions/" + ended).then().statusCode(200);
        assertFalse(Files.exists(log));
    }

    static void waitUntilHeld(Process process, Path file) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + process.pid() + "/fd"))) {
                if (fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).equals(file);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })) {
                    return;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError(process.pid() + " never opened " + file);
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void aStreamAndReadsOfASessionBeingRemovedEndCleanly() throws Exception {
        String id = startSession("streamed");
        String line = "y".repeat(1000);
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder events = new StringBuilder("[");
            for (int i = 0; i < 500; i++) {
                events.append(i == 0 ? "" : ",").append(output("s", batch + " " + i + " " + line));
            }
            postEvents(id, events.append("]").toString()).then().statusCode(200);
        }
        postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
        Path log = logOf(id);

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "api/v1/sessions/" + id + "/events/stream?token=" + ApiClient.TOKEN))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<Integer> readStatuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                readStatuses.add(api().get("/api/v1/sessions/" + id + "?last=5").statusCode());
            }
        });
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            lines.add(in.readLine()); // the stream has begun: its replay holds the log
            reader.start();
            api().delete("/api/v1/sessions/" + id).then().statusCode(200);
            assertFalse(Files.exists(log));
            for (String next; (next = in.readLine()) != null;) {
                lines.add(next);
            }
        }
        reader.join();
        List<Long> seqs = lines.stream().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4)))
                .toList();
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "no gap, no duplicate");
        }
        assertEquals("event: end", lines.get(lines.size() - 3), "the stream ends with its end event");
        assertTrue(readStatuses.stream().allMatch(status -> status == 200 || status == 404), readStatuses.toString());
        api().get("/api/v1/sessions/" + id + "/events/stream?token=" + ApiClient.TOKEN).then().statusCode(404);
    }

    @Test
    void badRequestsAreRefusedClearly() {
        api().body("{\"older_than\":\"soon\"}").post("/api/v1/sessions/gc").then().statusCode(400)
                .body("error.message", containsString("older_than"));
        api().body("{\"max_total_size\":\"big\"}").post("/api/v1/sessions/gc").then().statusCode(400)
                .body("error.message", containsString("max_total_size"));
        api().body("{\"older_than\":\"1d\",\"dry_run\":\"no\"}").post("/api/v1/sessions/gc").then().statusCode(400)
                .body("error.message", containsString("dry_run"));
        api().body("{}").post("/api/v1/sessions/gc").then().statusCode(400)
                .body("error.message", containsString("no retention policy is configured"));
        api().body("[").post("/api/v1/sessions/gc").then().statusCode(400).body("error.code", equalTo("bad_request"));
    }

    private static boolean endedInFile(Path index, String id) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode entry : dev.zigd.event.ZigJson.MAPPER.readTree(index.toFile())
                .path("sessions")) {
            if (entry.path("zig_session_id").asText().equals(id)) {
                return !entry.path("status").isNull();
            }
        }
        return false;
    }
}
