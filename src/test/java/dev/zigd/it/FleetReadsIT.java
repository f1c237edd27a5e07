package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * Reads and streams of the fleet view that start in the middle of a session ({@code after_seq}, {@code last},
 * {@code before_seq}, SSE and WebSocket resumed at a seq, and at or past the session's end) give exactly the stored
 * lines they name, although the fleet view no longer replays the session from its first event for them. The
 * session's messages are interleaved in the stream with another host's.
 */
class FleetReadsIT {

    @Test
    void readsAndStreamsFromTheMiddleOfASessionGiveExactlyTheStoredLinesAfterIt() throws Exception {
        Path homeA = TestFiles.dir("zigd-fleet-reads-a");
        Path homeB = TestFiles.dir("zigd-fleet-reads-b");
        Path homeF = TestFiles.dir("zigd-fleet-reads-view");
        try (NatsServer nats = NatsServer.start();
                DaemonProcess alpha = DaemonProcess.start(homeA, Fleets.forwarding(nats, "alpha"));
                DaemonProcess bravo = DaemonProcess.start(homeB, Fleets.forwarding(nats, "bravo"));
                DaemonProcess fleet = DaemonProcess.start(homeF, "-Dzigd.fleet.nats-url=" + nats.url())) {
            String id = Fleets.startSession(alpha, "long");
            String other = Fleets.startSession(bravo, "other");
            for (int round = 0; round < 6; round++) {
                assertEquals(200, Fleets.post(alpha, id, "a" + round, 50));
                assertEquals(200, Fleets.post(bravo, other, "b" + round, 20));
                // Let each round reach the broker before the next, so the two sessions' messages interleave.
                int sent = round;
                Fleets.await("round " + round + " forwarded", Duration.ofSeconds(30),
                        () -> newestSeq(fleet, "alpha", id) >= 1 + 50L * (sent + 1));
            }
            Fleets.end(alpha, id);
            List<String> stored = Fleets.lines(Fleets.logOf(alpha, id)).stream().map(FleetReadsIT::reencoded).toList();
            int end = stored.size();
            Fleets.await("the whole session in the fleet view", Duration.ofSeconds(30),
                    () -> newestSeq(fleet, "alpha", id) == end);

            String path = "/api/v1/fleet/sessions/alpha/" + id;
            assertEquals(stored, events(fleet, path), "everything");
            assertEquals(stored.subList(250, end), events(fleet, path + "?after_seq=250"), "after_seq");
            assertEquals(List.of(), events(fleet, path + "?after_seq=" + end), "after_seq at the end");
            assertEquals(stored.subList(end - 5, end), events(fleet, path + "?last=5"), "last");
            assertEquals(stored, events(fleet, path + "?last=100000"), "last, more than there are");
            assertEquals(stored.subList(6, 9), events(fleet, path + "?before_seq=10&last=3"), "before_seq and last");
            String firstType = ZigJson.MAPPER.readTree(stored.get(0)).get("type").asText();
            assertEquals(stored.subList(0, 1), events(fleet, path + "?type=" + firstType + "&last=1"),
                    "last of a type found only at the start (the window widens until it holds one)");
            List<String> output = stored.stream().filter(type("step_output")).toList();
            assertEquals(output.subList(output.size() - 5, output.size()),
                    events(fleet, path + "?type=step_output&last=5"), "last of a type");

            String token = Files.readString(homeF.resolve(".zig/zigd.token")).strip();
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + fleet.port + path;
            assertEquals(stored.subList(end - 3, end), sse(http, token, base + "/events/stream?after_seq=" + (end - 3)),
                    "SSE resumed three events before the end");
            assertEquals(List.of(), sse(http, token, base + "/events/stream?after_seq=" + end),
                    "SSE resumed at the end says end at once");
            assertEquals(List.of(), sse(http, token, base + "/events/stream?after_seq=" + (end + 50)),
                    "SSE resumed past the end says end at once");
            FleetIT.Frames ws = new FleetIT.Frames();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + fleet.port + path + "/stream?after_seq=100"), ws)
                    .get(10, TimeUnit.SECONDS);
            ws.closed.get(30, TimeUnit.SECONDS);
            assertEquals(1000, ws.closeCode);
            assertEquals(stored.subList(100, end), ws.texts.stream().map(FleetReadsIT::reencoded).toList(),
                    "WebSocket resumed after seq 100");
        } finally {
            Fleets.deleteTree(homeA);
            Fleets.deleteTree(homeB);
            Fleets.deleteTree(homeF);
        }
    }

    private static long newestSeq(DaemonProcess fleet, String host, String id) throws Exception {
        UnixHttp.Reply reply = fleet.call("GET", "/api/v1/fleet/sessions/" + host + "/" + id + "?last=1", null);
        if (reply.status() != 200) {
            return 0;
        }
        JsonNode events = ZigJson.MAPPER.readTree(reply.body()).get("events");
        return events.isEmpty() ? 0 : events.get(0).get("seq").asLong();
    }

    private static List<String> events(DaemonProcess fleet, String path) throws Exception {
        UnixHttp.Reply reply = fleet.call("GET", path, null);
        assertEquals(200, reply.status(), path + ": " + reply.body());
        List<String> out = new ArrayList<>();
        ZigJson.MAPPER.readTree(reply.body()).get("events").forEach(event -> out.add(event.toString()));
        return out;
    }

    /** The data lines of an SSE stream up to its {@code event: end}. */
    private static List<String> sse(HttpClient http, String token, String url) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = http.sendAsync(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), url);
        List<String> data = new ArrayList<>();
        response.body().takeWhile(line -> !line.startsWith("event: end")).filter(line -> line.startsWith("data: "))
                .forEach(line -> data.add(reencoded(line.substring(6))));
        return data;
    }

    private static Predicate<String> type(String type) {
        return line -> line.contains("\"type\":\"" + type + "\"");
    }

    private static String reencoded(String line) {
        try {
            return ZigJson.MAPPER.readTree(line).toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
