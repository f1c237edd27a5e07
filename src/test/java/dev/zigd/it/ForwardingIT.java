package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.ZigJson;

/**
 * Forwarding to a real nats-server: every event of a session reaches the stream exactly once and in order, when
 * the broker is away while the events are written, and when the forwarding daemon is SIGKILLed mid-forward.
 */
class ForwardingIT {
    /**
     * The stream's duplicate window, shorter than any outage or restart here: exactly-once must come from the
     * checkpoints and the resend after the broker's last stored seq, not from the broker's message-id check.
     */
    static final String SHORT_DEDUP_WINDOW = "-Dzigd.forward.duplicate-window=1s";

    static String[] forwarding(NatsServer nats) {
        String[] base = Fleets.forwarding(nats, "alpha");
        String[] out = java.util.Arrays.copyOf(base, base.length + 1);
        out[base.length] = SHORT_DEDUP_WINDOW;
        return out;
    }

    @Test
    void brokerAwayWhileTenThousandEventsAreWrittenThenEveryEventArrivesOnceInOrder() throws Exception {
        Path home = Files.createTempDirectory("zigd-fwd-outage");
        try (NatsServer nats = NatsServer.start();
                DaemonProcess daemon = DaemonProcess.start(home, forwarding(nats))) {
            String id = Fleets.startSession(daemon, "outage");
            String subject = "zigd.events.alpha." + id;
            assertEquals(200, Fleets.post(daemon, id, "before", 1));
            Fleets.await("the first events on the stream", Duration.ofSeconds(30), () -> nats.bodies(subject).size() == 2);

            nats.stop();
            for (int request = 0; request < 100; request++) {
                assertEquals(200, Fleets.post(daemon, id, "away" + request, 100), "writing goes on without the broker");
            }
            Fleets.end(daemon, id);
            JsonNode forward = forwardHealth(daemon);
            assertFalse(forward.get("connected").asBoolean(), forward.toString());
            assertTrue(forward.get("lag_events").asLong() > 0, "the lag shows in health: " + forward);

            nats.startAgain();
            List<String> stored = Fleets.lines(Fleets.logOf(daemon, id));
            assertEquals(10_000 + 3, stored.size());
            Fleets.await("every event forwarded after the broker came back", Duration.ofSeconds(60),
                    () -> nats.bodies(subject).size() >= stored.size());
            assertEquals(stored, nats.bodies(subject), "each stored line once, in order, byte for byte");
            Fleets.await("the lag back to 0", Duration.ofSeconds(10),
                    () -> forwardHealth(daemon).get("lag_events").asLong() == 0);
        } finally {
            Fleets.deleteTree(home);
        }
    }

    @Test
    void daemonKilledMidForwardThenRestartedSendsEveryEventOnceInOrder() throws Exception {
        Path home = Files.createTempDirectory("zigd-fwd-kill");
        try (NatsServer nats = NatsServer.start()) {
            String id;
            String subject;
            try (DaemonProcess daemon = DaemonProcess.start(home, forwarding(nats))) {
                id = Fleets.startSession(daemon, "killed");
                subject = "zigd.events.alpha." + id;
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger requests = new AtomicInteger();
                Thread writer = new Thread(() -> {
                    try {
                        while (!killed.get() && Fleets.post(daemon, id, "w" + requests.get(), 100) == 200) {
                            requests.incrementAndGet();
                        }
                    } catch (Exception expected) {
                        // the daemon is gone
                    }
                });
                writer.start();
                Fleets.await("some events forwarded", Duration.ofSeconds(30), () -> requests.get() >= 30
                        && nats.bodies(subject).size() > 500);
                killed.set(true);
                daemon.kill();
                writer.join();
            }
            try (DaemonProcess again = DaemonProcess.start(home, forwarding(nats))) {
                assertEquals(200, Fleets.post(again, id, "after", 100), "the session goes on after the restart");
                Fleets.end(again, id);
                List<String> stored = Fleets.lines(Fleets.logOf(again, id));
                Fleets.await("every event forwarded after the restart", Duration.ofSeconds(60),
                        () -> nats.bodies(subject).size() >= stored.size());
                assertEquals(stored, nats.bodies(subject), "each stored line once, in order, byte for byte");
            }
        } finally {
            Fleets.deleteTree(home);
        }
    }

    @Test
    void sessionsZigWritesItselfAreForwardedToo() throws Exception {
        Path home = Files.createTempDirectory("zigd-fwd-zig");
        try (NatsServer nats = NatsServer.start();
                DaemonProcess daemon = DaemonProcess.start(home, forwarding(nats))) {
            Fleets.startSession(daemon, "ours"); // so that the global index exists
            Path global = home.resolve(".zig/sessions_index.json");
            Fleets.await("the global index written", Duration.ofSeconds(10), () -> Files.exists(global));
            String id = "33333333-3333-4333-8333-333333333333";
            Path log = home.resolve("zig-own.jsonl");
            Files.writeString(log, zigLine(id, 1) + zigLine(id, 2));
            // What zig does: load the index, append its entry, write the file back.
            JsonNode root = ZigJson.MAPPER.readTree(Files.readAllBytes(global));
            ((com.fasterxml.jackson.databind.node.ArrayNode) root.get("sessions")).addObject()
                    .put("zig_session_id", id).put("workflow_name", "zig-own").put("project", "")
                    .put("log_path", log.toString()).put("started_at", "2026-05-03T10:00:00+00:00")
                    .putNull("ended_at").putNull("status");
            Files.write(global, ZigJson.pretty(root));
            String subject = "zigd.events.alpha." + id;
            Fleets.await("zig's first lines forwarded", Duration.ofSeconds(20), () -> nats.bodies(subject).size() == 2);
            Files.writeString(log, zigLine(id, 3) + zigLine(id, 4), java.nio.file.StandardOpenOption.APPEND);
            Fleets.await("zig's later lines forwarded", Duration.ofSeconds(20), () -> nats.bodies(subject).size() == 4);
            assertEquals(Fleets.lines(log), nats.bodies(subject));
            try (io.nats.client.Connection connection = io.nats.client.Nats.connect(nats.url())) {
                var entry = connection.keyValue("ZIGD_SESSIONS").get("alpha." + id);
                assertEquals("zig-own", ZigJson.MAPPER.readTree(entry.getValue()).get("workflow_name").asText());
            }
        } finally {
            Fleets.deleteTree(home);
        }
    }

    private static String zigLine(String id, int seq) {
        return "{\"seq\":" + seq + ",\"ts\":\"2026-05-03T10:00:0" + seq + "+00:00\",\"zig_session_id\":\"" + id
                + "\",\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"zig " + seq
                + "\"}\n";
    }

    static JsonNode forwardHealth(DaemonProcess daemon) throws Exception {
        JsonNode health = ZigJson.MAPPER.readTree(daemon.call("GET", "/q/health", null).body());
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals("zigd-forward")) {
                return check.get("data");
            }
        }
        throw new AssertionError("no zigd-forward check in " + health);
    }
}
