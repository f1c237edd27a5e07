package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.zigd.ApiClient;
import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/** What the forwarding and fleet tests share: sessions on a daemon, its files, waiting for a condition. */
final class Fleets {
    private Fleets() {
    }

    static String[] forwarding(NatsServer nats, String host) {
        return new String[] { "-Dzigd.host-name=" + host, "-Dzigd.forward.nats-url=" + nats.url(),
                "-Dzigd.forward.retry-interval=200ms", "-Dzigd.forward.poll-interval=200ms" };
    }

    static String startSession(DaemonProcess daemon, String workflow) throws Exception {
        UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"" + workflow
                + "\",\"workflow_path\":\"/w.zwf\",\"owner_pid\":" + ProcessHandle.current().pid() + "}");
        assertEquals(201, started.status(), started.body());
        return ZigJson.MAPPER.readTree(started.body()).get("zig_session_id").asText();
    }

    /** Posts {@code count} step_output events as one request; the status code. */
    static int post(DaemonProcess daemon, String id, String tag, int count) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(ApiClient.output("s", tag + "-" + i));
        }
        return daemon.call("POST", "/api/v1/sessions/" + id + "/events", body.append("]").toString()).status();
    }

    static void end(DaemonProcess daemon, String id) throws Exception {
        assertEquals(200, daemon.call("POST", "/api/v1/sessions/" + id + "/events",
                "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").status());
    }

    static Path logOf(DaemonProcess daemon, String id) throws Exception {
        UnixHttp.Reply reply = daemon.call("GET", "/api/v1/sessions?limit=1000", null);
        for (var entry : ZigJson.MAPPER.readTree(reply.body())) {
            if (entry.get("zig_session_id").asText().equals(id)) {
                return Path.of(entry.get("log_path").asText());
            }
        }
        throw new AssertionError("no session " + id + " in " + reply.body());
    }

    static List<String> lines(Path log) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readString(log, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    /** Waits for the condition (a failing test, not a slow one, is what the deadline is for). */
    static void await(String what, Duration atMost, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + atMost + ": " + what);
    }

    static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
