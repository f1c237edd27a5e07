package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * Two daemons (two homes, host names alpha and bravo) forward to one real nats-server; a third, started with
 * {@code zigd.fleet.nats-url}, lists both hosts' sessions, streams a live session of each (frames equal to the
 * stored lines), sees process changes, and refuses writes.
 */
class FleetIT {

    @Test
    void fleetViewListsAndStreamsBothHostsSessionsAndSeesProcessChanges() throws Exception {
        Path homeA = Files.createTempDirectory("zigd-fleet-a");
        Path homeB = Files.createTempDirectory("zigd-fleet-b");
        Path homeF = Files.createTempDirectory("zigd-fleet-view");
        try (NatsServer nats = NatsServer.start();
                DaemonProcess alpha = DaemonProcess.start(homeA, Fleets.forwarding(nats, "alpha"));
                DaemonProcess bravo = DaemonProcess.start(homeB, Fleets.forwarding(nats, "bravo"));
                DaemonProcess fleet = DaemonProcess.start(homeF, "-Dzigd.fleet.nats-url=" + nats.url())) {
            String idA = Fleets.startSession(alpha, "build");
            String idB = Fleets.startSession(bravo, "review");
            assertEquals(200, Fleets.post(alpha, idA, "a", 3));
            assertEquals(200, Fleets.post(bravo, idB, "b", 3));

            Fleets.await("both hosts' sessions in the fleet list", Duration.ofSeconds(30),
                    () -> hostOf(fleet, idA).equals("alpha") && hostOf(fleet, idB).equals("bravo"));
            JsonNode hosts = json(fleet.call("GET", "/api/v1/fleet/hosts", null));
            assertEquals("alpha", hosts.get(0).get("host").asText());
            assertEquals("bravo", hosts.get(1).get("host").asText());
            JsonNode openOnBravo = json(fleet.call("GET", "/api/v1/fleet/sessions?host=bravo&status=running", null));
            assertEquals(1, openOnBravo.size());
            assertEquals(idB, openOnBravo.get(0).get("zig_session_id").asText());
            assertEquals("review", openOnBravo.get(0).get("workflow_name").asText());

            String token = Files.readString(homeF.resolve(".zig/zigd.token")).strip();
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> sse = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.port + "/api/v1/fleet/sessions/alpha/"
                            + idA + "/events/stream")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofLines());
            Frames ws = new Frames();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + fleet.port + "/api/v1/fleet/sessions/bravo/" + idB
                            + "/stream"), ws).get(10, TimeUnit.SECONDS);
            Frames subscribed = new Frames();
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + fleet.port + "/api/v1/fleet/subscribe?host=bravo"),
                            subscribed).get(10, TimeUnit.SECONDS);
            Fleets.await("the replay reached the stream client", Duration.ofSeconds(10), () -> ws.texts.size() >= 4);
            // /subscribe has no history: its consumer exists once an event written now reaches it.
            Fleets.await("/subscribe receiving", Duration.ofSeconds(10),
                    () -> Fleets.post(bravo, idB, "b-warm", 1) == 200 && !subscribed.texts.isEmpty());

            // Live: written after the streams opened.
            assertEquals(200, Fleets.post(alpha, idA, "a-live", 5));
            assertEquals(200, Fleets.post(bravo, idB, "b-live", 5));
            Fleets.end(alpha, idA);
            Fleets.end(bravo, idB);

            List<String> storedA = Fleets.lines(Fleets.logOf(alpha, idA));
            List<String> storedB = Fleets.lines(Fleets.logOf(bravo, idB));
            List<String> sseData = new ArrayList<>();
            sse.get(30, TimeUnit.SECONDS).body().takeWhile(line -> !line.startsWith("event: end"))
                    .filter(line -> line.startsWith("data: ")).forEach(line -> sseData.add(line.substring(6)));
            assertEquals(storedA, sseData, "SSE frames of alpha's session are its stored lines");
            ws.closed.get(30, TimeUnit.SECONDS);
            assertEquals(1000, ws.closeCode);
            assertEquals(storedB, ws.texts, "WebSocket frames of bravo's session are its stored lines");
            List<String> withHost = storedB.stream().map(line -> "{\"host\":\"bravo\"," + line.substring(1)).toList();
            List<String> bravoLive = withHost.subList(withHost.indexOf(subscribed.texts.get(0)), withHost.size());
            Fleets.await("live events on /subscribe", Duration.ofSeconds(10),
                    () -> subscribed.texts.size() >= bravoLive.size());
            assertEquals(bravoLive, subscribed.texts, "/subscribe: the live lines with host first, of bravo only");

            JsonNode session = json(fleet.call("GET", "/api/v1/fleet/sessions/alpha/" + idA.substring(0, 8), null));
            assertEquals("alpha", session.get("host").asText());
            assertEquals("success", session.get("status").asText());
            List<String> events = new ArrayList<>();
            session.get("events").forEach(event -> events.add(event.toString()));
            assertEquals(storedA.stream().map(FleetIT::reencoded).toList(), events);

            UnixHttp.Reply write = fleet.call("POST", "/api/v1/fleet/sessions/alpha/" + idA + "/events",
                    "{\"type\":\"step_output\"}");
            assertEquals(405, write.status());
            assertTrue(write.body().contains("read-only") && write.body().contains("alpha"), write.body());
            assertEquals(404, fleet.call("GET", "/api/v1/fleet/sessions/charlie/latest", null).status());

            UnixHttp.Reply registered = alpha.call("POST", "/api/v1/processes", "{\"pid\":"
                    + ProcessHandle.current().pid() + ",\"provider\":\"claude\",\"model\":\"opus\",\"command\":\"review\"}");
            assertEquals(201, registered.status(), registered.body());
            String processId = json(registered).get("id").asText();
            Fleets.await("the process in the fleet view, running", Duration.ofSeconds(20),
                    () -> "running".equals(liveStatus(fleet, processId)));
            assertEquals(200, alpha.call("POST", "/api/v1/processes/" + processId + "/status",
                    "{\"status\":\"exited\",\"exit_code\":0}").status());
            Fleets.await("the status change in the fleet view", Duration.ofSeconds(20),
                    () -> "exited".equals(liveStatus(fleet, processId)));
        } finally {
            Fleets.deleteTree(homeA);
            Fleets.deleteTree(homeB);
            Fleets.deleteTree(homeF);
        }
    }

    private static String reencoded(String line) {
        try {
            return ZigJson.MAPPER.readTree(line).toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hostOf(DaemonProcess fleet, String id) throws Exception {
        UnixHttp.Reply reply = fleet.call("GET", "/api/v1/fleet/sessions", null);
        if (reply.status() != 200) {
            return "";
        }
        for (JsonNode entry : json(reply)) {
            if (entry.get("zig_session_id").asText().equals(id)) {
                return entry.get("host").asText();
            }
        }
        return "";
    }

    private static String liveStatus(DaemonProcess fleet, String processId) throws Exception {
        UnixHttp.Reply reply = fleet.call("GET", "/api/v1/fleet/processes/alpha/" + processId, null);
        return reply.status() == 200 ? json(reply).get("live_status").asText() : null;
    }

    private static JsonNode json(UnixHttp.Reply reply) throws Exception {
        assertEquals(200, reply.status() == 201 ? 200 : reply.status(), reply.body());
        return ZigJson.MAPPER.readTree(reply.body());
    }

    /** A WebSocket client that keeps every text frame and the close code. */
    static final class Frames implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        volatile int closeCode;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode = statusCode;
            closed.complete(null);
            return null;
        }
    }
}
