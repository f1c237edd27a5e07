package dev.zigd.log;

import static dev.zigd.ApiClient.startSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody.StepOutput;
import dev.zigd.event.EventDecoder;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Many clients, one session: one writer numbers every event exactly once and never interleaves lines. */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class ConcurrentClientsTest {
    static final int CLIENTS = 8;
    static final int POSTS_PER_CLIENT = 150;
    static final int ARRAY_EVERY = 10; // every 10th post is an array of 5 events

    @TestHTTPResource("/")
    URI base;

    @Test
    void eightClientsGetGaplessSeqAndKeepTheirOrder() throws Exception {
        String id = startSession("concurrent");
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Integer>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                int sent = 0;
                for (int p = 0; p < POSTS_PER_CLIENT; p++) {
                    String body;
                    if (p % ARRAY_EVERY == 0) {
                        List<String> events = new ArrayList<>();
                        for (int k = 0; k < 5; k++) {
                            events.add(ApiClient.output("c" + client, Integer.toString(sent++)));
                        }
                        body = "[" + String.join(",", events) + "]";
                    } else {
                        body = ApiClient.output("c" + client, Integer.toString(sent++));
                    }
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("api/v1/sessions/" + id + "/events"))
                            .header("Authorization", "Bearer " + ApiClient.TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode(), response.body());
                }
                return sent;
            }));
        }
        int total = 0;
        for (Future<Integer> client : clients) {
            total += client.get();
        }
        pool.shutdown();
        assertTrue(total >= 1000, "at least 1,000 events, sent " + total);

        String logPath = ApiClient.api().get("/api/v1/sessions/" + id + "?last=0").then().extract().path("log_path");
        List<String> lines = Files.readAllLines(Path.of(logPath));
        assertEquals(total + 1, lines.size(), "zig_session_started plus every event, once");
        Map<String, Integer> nextPerClient = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Event event = EventDecoder.decodeStoredLine(lines.get(i));
            assertEquals(i + 1, event.seq(), "seq is 1..N without gap or duplicate");
            if (event.body() instanceof StepOutput output) {
                int expected = nextPerClient.getOrDefault(output.stepName(), 0);
                assertEquals(expected, Integer.parseInt(output.line()), "client " + output.stepName() + " keeps its order");
                nextPerClient.put(output.stepName(), expected + 1);
            }
        }
        assertEquals(CLIENTS, nextPerClient.size());
    }
}
