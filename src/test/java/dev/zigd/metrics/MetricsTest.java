package dev.zigd.metrics;

import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.UnixHttp;
import dev.zigd.stream.WsProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * {@code /q/metrics} and {@code /q/health}: the writer's meters follow what was written, the gauges read the
 * daemon's own figures, and {@code /q/**} has the API's token rule (TCP: token; Unix socket: none).
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class MetricsTest {

    private static Path socket() {
        return TempHome.home().resolve(".zig/zigd.sock");
    }

    /** The Prometheus text over the Unix socket, as {@code name{tags}} → value. */
    private static Map<String, Double> scrape() throws Exception {
        UnixHttp.Reply reply = UnixHttp.request(socket(), "GET", "/q/metrics", null);
        assertEquals(200, reply.status(), reply.body());
        Map<String, Double> values = new HashMap<>();
        for (String line : reply.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }

    private static double value(Map<String, Double> metrics, String name) {
        Double value = metrics.get(name);
        assertTrue(value != null, name + " is exported: " + metrics.keySet());
        return value;
    }

    /** The writer reports a batch right after answering it: scrape until {@code done} holds (or 5 s). */
    private static Map<String, Double> scrapeUntil(Predicate<Map<String, Double>> done) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        Map<String, Double> metrics = scrape();
        while (!done.test(metrics) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            metrics = scrape();
        }
        return metrics;
    }

    @Test
    void writtenEventsBatchesAndWriteTimesAreCounted() throws Exception {
        Map<String, Double> before = scrape();
        String id = startSession("metrics");
        for (int i = 0; i < 5; i++) {
            postEvents(id, output("m", "line " + i)).then().statusCode(200);
        }
        postEvents(id, "[" + String.join(",", Collections.nCopies(20, output("m", "batched"))) + "]")
                .then().statusCode(200);
        // seq 1 (zig_session_started) + 5 + 20 lines; each of the 7 requests was answered before the next was sent,
        // so each was its own batch at least.
        double expected = value(before, "zigd_events_written_total") + 26;
        Map<String, Double> after = scrapeUntil(m -> m.get("zigd_events_written_total") >= expected
                && m.get("zigd_batch_write_seconds_count") >= value(before, "zigd_batch_write_seconds_count") + 7);

        assertTrue(value(after, "zigd_events_written_total") >= expected, after.toString());
        assertTrue(value(after, "zigd_batch_events_count") - value(before, "zigd_batch_events_count") >= 7);
        assertTrue(value(after, "zigd_batch_events_sum") - value(before, "zigd_batch_events_sum") >= 26);
        assertTrue(value(after, "zigd_batch_events_max") >= 20, "the 20-event request was one batch");
        assertTrue(value(after, "zigd_log_writes_total") - value(before, "zigd_log_writes_total") >= 7);
        assertTrue(value(after, "zigd_batch_write_seconds_count") - value(before, "zigd_batch_write_seconds_count") >= 7);
        assertTrue(value(after, "zigd_batch_write_seconds_sum") > value(before, "zigd_batch_write_seconds_sum"));
        assertEquals(value(after, "zigd_batch_events_sum") - value(before, "zigd_batch_events_sum"),
                value(after, "zigd_events_written_total") - value(before, "zigd_events_written_total"),
                "every written line is in exactly one batch");
    }

    @Test
    void gaugesReadTheDaemonsFigures() throws Exception {
        double indexWrites = value(scrape(), "zigd_index_writes_total");
        String id = startSession("gauges");
        // The new session's two index files are written within zigd.index-flush-interval (100 ms).
        Map<String, Double> metrics = scrapeUntil(m -> m.get("zigd_index_writes_total") >= indexWrites + 2);
        assertTrue(value(metrics, "zigd_index_writes_total") >= indexWrites + 2, metrics.toString());
        int openSessions = given().get("/api/v1/health").then().extract().path("open_sessions");
        assertEquals(openSessions, value(metrics, "zigd_sessions_open"));
        assertTrue(value(metrics, "zigd_subscribers_cut_off_total") >= 0);

        try (WsProbe stream = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/stream")) {
            Map<String, Double> watched = scrapeUntil(m -> m.get("zigd_subscribers") >= 1);
            int subscribers = given().get("/api/v1/health").then().extract().path("subscribers");
            assertEquals(subscribers, value(watched, "zigd_subscribers"));
            assertTrue(subscribers >= 1);
        }
    }

    @Test
    void metricsNeedTheTokenOnTcpOnly() throws Exception {
        given().get("/q/metrics").then().statusCode(401)
                .body("error.code", equalTo("unauthorized")).body("error.message", containsString("missing bearer token"));
        given().header("Authorization", "Bearer not-the-token").get("/q/metrics").then().statusCode(401);
        given().queryParam("token", ApiClient.TOKEN).get("/q/metrics").then().statusCode(401);
        given().header("Authorization", "Bearer " + ApiClient.TOKEN).accept("text/plain").get("/q/metrics").then()
                .statusCode(200).contentType(containsString("text/plain")).body(containsString("zigd_events_written_total"));
        given().header("Authorization", "Bearer " + ApiClient.TOKEN).get("/q/metrics").then().statusCode(200)
                .contentType(containsString("application/openmetrics-text")).body(containsString("zigd_events_written_total"));
        UnixHttp.Reply unix = UnixHttp.request(socket(), "GET", "/q/metrics", null);
        assertEquals(200, unix.status());
        assertTrue(unix.body().contains("\nzigd_events_written_total "), unix.body());
    }

    @Test
    void healthIsUpAndHasTheTokenRuleOfQ() throws Exception {
        for (String path : new String[] { "/q/health", "/q/health/live", "/q/health/ready" }) {
            given().get(path).then().statusCode(401);
            given().header("Authorization", "Bearer " + ApiClient.TOKEN).get(path).then().statusCode(200)
                    .body("status", equalTo("UP"));
            UnixHttp.Reply unix = UnixHttp.request(socket(), "GET", path, null);
            assertEquals(200, unix.status(), path);
            assertTrue(unix.body().replace(" ", "").contains("\"status\":\"UP\""), unix.body());
        }
        given().header("Authorization", "Bearer " + ApiClient.TOKEN).get("/q/health/ready").then()
                .body("checks.find { it.name == 'zigd' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'zigd' }.data.open_sessions", org.hamcrest.Matchers.notNullValue());
        // The API's own health stays tokenless.
        given().get("/api/v1/health").then().statusCode(200).body("status", equalTo("ok"));
    }
}
