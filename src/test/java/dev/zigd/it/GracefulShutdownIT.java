package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.ApiClient;
import dev.zigd.UnixHttp;
import dev.zigd.event.Event;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.ZigJson;
import dev.zigd.stream.WsProbe;

/**
 * The packaged daemon, SIGTERMed while clients write: afterwards every answered event is in its log once,
 * both indexes parse and list every session, open sessions are still open, and a restarted daemon continues
 * an open session's {@code seq}.
 */
class GracefulShutdownIT {

    @Test
    void sigtermWritesEverythingAndRestartContinues() throws Exception {
        Path home = TestFiles.dir("zigd-it-home");
        List<String> ids = new ArrayList<>();
        Map<String, Integer> acked = new HashMap<>();
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.index-flush-interval=1h")) {
            for (int i = 0; i < 12; i++) {
                UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions",
                        "{\"workflow_name\":\"it\",\"workflow_path\":\"/w/it.zwf\",\"cwd\":\"" + home + "\"}");
                assertEquals(201, started.status(), started.body());
                ids.add(ZigJson.MAPPER.readTree(started.body()).get("zig_session_id").asText());
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> writers = new ArrayList<>();
            for (String id : ids) {
                writers.add(pool.submit(() -> {
                    for (int n = 0; n < 30; n++) {
                        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions/" + id + "/events",
                                ApiClient.output("s", "event " + n));
                        assertEquals(200, reply.status(), reply.body());
                        synchronized (acked) {
                            acked.merge(id, 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();
            for (String id : ids.subList(0, 6)) {
                assertEquals(200, daemon.call("POST", "/api/v1/sessions/" + id + "/events",
                        "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").status());
            }
            // Open streams and an open ingest connection must neither hold the shutdown up nor end their session.
            String held = ids.get(ids.size() - 1);
            WsProbe stream = WsProbe.unix(daemon.socket, "/api/v1/sessions/" + held + "/stream");
            WsProbe ingest = WsProbe.unix(daemon.socket, "/api/v1/sessions/" + held + "/ingest");
            SseProbe sse = SseProbe.open(daemon.socket, "/api/v1/sessions/" + held + "/events/stream");
            sse.await("id: 1\n");
            assertEquals("{\"ack\":" + (acked.get(held) + 2) + "}", ingest.send(ApiClient.output("s", "via ingest")));
            acked.merge(held, 1, Integer::sum);
            // The flush interval is an hour: only the shutdown can have written the indexes' final state.
            long stopping = System.nanoTime();
            daemon.terminate(Duration.ofSeconds(20));
            long stopMillis = (System.nanoTime() - stopping) / 1_000_000;
            assertTrue(stopMillis < 8000, "open connections do not hold the shutdown up to its timeout: " + stopMillis + " ms");
            // Told why: 1001 (going away), not a bare 1000 or a cut connection; the SSE stream gets an error event.
            assertEquals((short) 1001, stream.awaitClose(Duration.ofSeconds(5)));
            assertEquals((short) 1001, ingest.awaitClose(Duration.ofSeconds(5)));
            sse.await("\n\n", "event: error\ndata: ");
            assertTrue(sse.text().contains("event: error\ndata: {\"error\":{\"code\":\"unavailable\",\"message\":\"zigd is shutting down\"}}\n\n"),
                    sse.text());
            sse.close();
            assertTrue(daemon.output().contains("all events and indexes written"), daemon.output());
        }

        JsonNode global = ZigJson.MAPPER.readTree(Files.readString(home.resolve(".zig/sessions_index.json")));
        JsonNode project = ZigJson.MAPPER.readTree(Files.readString(home.resolve(".zig/logs/index.json")));
        assertEquals(ids.size(), global.get("sessions").size());
        assertEquals(ids.size(), project.get("sessions").size());
        for (int i = 0; i < ids.size(); i++) {
            JsonNode entry = global.get("sessions").get(i);
            assertEquals(ids.get(i), entry.get("zig_session_id").asText(), "entries in start order");
            if (i < 6) {
                assertEquals("success", entry.get("status").asText());
            } else {
                assertTrue(entry.get("status").isNull(), "a daemon restart is not a session failure");
                assertTrue(entry.get("ended_at").isNull());
            }
            List<String> lines = Files.readAllLines(Path.of(entry.get("log_path").asText()));
            int expected = 1 + acked.get(ids.get(i)) + (i < 6 ? 1 : 0);
            assertEquals(expected, lines.size(), "every answered event, once");
            for (int n = 0; n < lines.size(); n++) {
                Event event = EventDecoder.decodeStoredLine(lines.get(n));
                assertEquals(n + 1, event.seq());
            }
        }

        String open = ids.get(ids.size() - 1);
        try (DaemonProcess restarted = DaemonProcess.start(home)) {
            UnixHttp.Reply reply = restarted.call("POST", "/api/v1/sessions/" + open + "/events",
                    ApiClient.output("s", "after restart"));
            assertEquals(200, reply.status(), reply.body());
            assertEquals(33, ZigJson.MAPPER.readTree(reply.body()).get("first_seq").asInt());
            UnixHttp.Reply ended = restarted.call("POST", "/api/v1/sessions/" + ids.get(0) + "/events",
                    ApiClient.output("s", "too late"));
            assertEquals(409, ended.status());
            restarted.terminate(Duration.ofSeconds(20));
        }
        assertFalse(Files.exists(home.resolve(".zig/zigd.sock")), "the socket is removed at shutdown");
    }
}
