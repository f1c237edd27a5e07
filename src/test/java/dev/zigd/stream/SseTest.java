package dev.zigd.stream;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class SseTest {
    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Reads the SSE stream until it ends; returns its raw lines. */
    private List<String> readAll(HttpRequest request) throws Exception {
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path.substring(1))).header("Accept", "text/event-stream");
    }

    @Test
    void resumesAfterLastEventIdAndEndsWithAnEndEvent() throws Exception {
        String id = startSession("sse");
        for (int i = 0; i < 5; i++) {
            postEvents(id, output("s", "line " + i)).then().statusCode(200);
        }
        Thread ender = new Thread(() -> {
            try {
                Thread.sleep(700); // long enough for keep-alive comments while idle
            } catch (InterruptedException e) {
                return;
            }
            postEvents(id, output("s", "live")).then().statusCode(200);
            postEvents(id, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
        });
        ender.start();
        List<String> lines = readAll(request("/api/v1/sessions/" + id + "/events/stream?token=" + ApiClient.TOKEN)
                .header("Last-Event-ID", "3").build());
        ender.join();
        String logPath = api().get("/api/v1/sessions/" + id + "?last=0").then().extract().path("log_path");
        List<String> stored = Files.readAllLines(Path.of(logPath));

        List<String> ids = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("id: ")) {
                ids.add(line.substring(4));
            } else if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        assertEquals(List.of("4", "5", "6", "7", "8"), ids, "resumed after Last-Event-ID 3");
        assertEquals(stored.subList(3, 8), data.subList(0, 5), "data is the stored line");
        assertTrue(lines.contains(": keep-alive"), "keep-alive comments while idle: " + lines);
        int end = lines.indexOf("event: end");
        assertTrue(end > 0, "an end event after zig_session_ended");
        assertEquals("data: {\"last_seq\":8}", lines.get(end + 1));
    }

    @Test
    void afterSeqParameterAndTypeFilter() throws Exception {
        String id = startSession("sse2");
        postEvents(id, "[" + output("s", "a") + ",{\"type\":\"step_skipped\",\"step_name\":\"t\",\"reason\":\"r\"},"
                + "{\"type\":\"zig_session_ended\",\"status\":\"failure\"}]").then().statusCode(200);
        List<String> lines = readAll(request("/api/v1/sessions/" + id + "/events/stream?after_seq=1&type=step_skipped")
                .header("Authorization", "Bearer " + ApiClient.TOKEN).build());
        assertEquals(List.of("3", "4"), lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList());
    }

    @Test
    void unknownSessionIsA404AndStreamsNeedTheToken() throws Exception {
        HttpResponse<String> missing = http.send(request("/api/v1/sessions/nope/events/stream")
                .header("Authorization", "Bearer " + ApiClient.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("session not found: nope"));
        HttpResponse<String> noToken = http.send(request("/api/v1/sessions/nope/events/stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        HttpResponse<String> foreign = http.send(request("/api/v1/sessions/nope/events/stream?token=" + ApiClient.TOKEN)
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreign.statusCode());
    }
}
