package dev.zigd.retention;

import static dev.zigd.ApiClient.api;
import static dev.zigd.retention.RetentionTest.endedSession;
import static dev.zigd.retention.RetentionTest.globalIndex;
import static dev.zigd.retention.RetentionTest.idsIn;
import static dev.zigd.retention.RetentionTest.logOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.UnixHttp;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The schedule with a configured policy: sessions ended more than 2 s ago are archived every second, process
 * entries not running are pruned after 1 s; and a health warning set to fire on any disk.
 */
@QuarkusTest
@TestProfile(ScheduledArchiveTest.ArchiveEverySecond.class)
class ScheduledArchiveTest {

    public static class ArchiveEverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zigd.retention.every", "1s", "zigd.retention.archive", "true",
                    "zigd.retention.sessions.max-age", "2s", "zigd.retention.processes.max-age", "1s",
                    "zigd.retention.disk-warn-free-percent", "100");
        }
    }

    @TestHTTPResource("/")
    URL base;

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        for (int i = 0; i < 600 && !done.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(done.getAsBoolean(), what);
    }

    @Test
    void anArchivedSessionIsStillReadAndStreamedWhole() throws Exception {
        String id = endedSession("archived", 40);
        Path log = logOf(id);
        String before = api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().asString();
        Path archive = log.getParent().resolveSibling("archive").resolve(id + ".jsonl.gz");

        await("archived by the schedule", () -> !Files.exists(log) && Files.exists(archive));
        assertTrue(Files.size(archive) < 40 * 100, "compressed");
        assertEquals(before, api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().asString());
        assertTrue(idsIn(globalIndex()).contains(id), "an archived session stays listed");
        assertTrue(idsIn(log.getParent().getParent().resolve("index.json")).contains(id));

        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base + "api/v1/sessions/" + id + "/events/stream?token=" + ApiClient.TOKEN))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                lines.add(line);
            }
        }
        assertEquals(42, lines.stream().filter(l -> l.startsWith("id: ")).count(), "start, 40 lines, end");
        assertTrue(lines.contains("event: end"), String.join("\n", lines));

        // Nothing is archived twice, and the meters show the run.
        String metrics = UnixHttp.request(TempHome.home().resolve(".zig/zigd.sock"), "GET", "/q/metrics", null).body();
        assertTrue(metrics.matches("(?s).*\\nzigd_retention_sessions_removed_total [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*\\nzigd_retention_bytes_freed_total [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*\\nzigd_retention_last_run_seconds [1-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*\\nzigd_retention_archive_bytes [1-9].*"), metrics);
    }

    @Test
    void openSessionsAreNeverArchived() throws Exception {
        String open = dev.zigd.ApiClient.startSession("open-on-schedule");
        Path log = logOf(open);
        String ended = endedSession("ended-on-schedule", 1);
        Path endedLog = logOf(ended);
        await("the ended one archived", () -> !Files.exists(endedLog));
        assertTrue(Files.exists(log));
        dev.zigd.ApiClient.postEvents(open, dev.zigd.ApiClient.output("s", "still open")).then().statusCode(200);
    }

    @Test
    void deadProcessEntriesArePrunedOnSchedule() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        String id = api().body("{\"pid\":" + done.pid() + ",\"provider\":\"p\",\"model\":\"m\",\"command\":\"run\"}")
                .post("/api/v1/processes").then().statusCode(201).extract().path("id");
        // A live child, not the test JVM: that is the daemon itself, which zigd refuses to register.
        Process running = new ProcessBuilder("sleep", "60").start();
        try {
            String live = api().body("{\"pid\":" + running.pid()
                    + ",\"provider\":\"p\",\"model\":\"m\",\"command\":\"run\"}")
                    .post("/api/v1/processes").then().statusCode(201).extract().path("id");
            await("pruned", () -> api().get("/api/v1/processes/" + id).statusCode() == 404);
            api().get("/api/v1/processes/" + live).then().statusCode(200);
            assertFalse(Files.readString(TempHome.home().resolve(".zag/processes.json")).contains(id));
        } finally {
            running.destroy();
        }
    }

    @Test
    void healthWarnsWhenTheDiskIsNearlyFull() {
        // Set to warn below 100 % free: any disk is "nearly full".
        api().get("/api/v1/health").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("ok"))
                .body("warnings[0]", containsString("nearly full"));
        api().get("/q/health").then().statusCode(200)
                .body("checks.find { it.name == 'zigd-disk' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'zigd-disk' }.data.warning", containsString("nearly full"));
    }
}
