package dev.zigd.lease;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.output;
import static dev.zigd.ApiClient.postEvents;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** Owner leases with a 1 s heartbeat and a 3 s idle timeout. */
@QuarkusTest
@TestProfile(OwnerLeaseTest.ShortLeases.class)
class OwnerLeaseTest {

    public static class ShortLeases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("zigd.heartbeat-interval", "1s", "zigd.idle-timeout", "3s");
        }
    }

    private static String start(String workflow, long ownerPid) {
        return api().body("{\"workflow_name\":\"" + workflow + "\",\"workflow_path\":\"/w.zwf\",\"owner_pid\":" + ownerPid + "}")
                .post("/api/v1/sessions").then().statusCode(201).extract().path("zig_session_id");
    }

    private static JsonPath session(String id) {
        return api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static void awaitStatus(String id, String status, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!status.equals(session(id).getString("status")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void ownerDeathEndsTheSessionWithFailureWithinAnInterval() throws Exception {
        Process owner = new ProcessBuilder("sleep", "60").start();
        String id = start("owned", owner.pid());
        Path lease = TempHome.home().resolve(".zig/zigd-leases/" + id + ".json");
        assertTrue(Files.exists(lease), "the lease is on disk");
        postEvents(id, output("s", "working")).then().statusCode(200);
        Thread.sleep(2200);
        assertEquals(null, session(id).getString("status"), "alive owner: still open");
        assertTrue(session(id).getList("events.type").contains("heartbeat"), "heartbeats while the owner lives");

        owner.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        awaitStatus(id, "failure", Duration.ofSeconds(5));
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        JsonPath ended = session(id);
        assertEquals("failure", ended.getString("status"), "ended after the owner died (" + tookMs + " ms)");
        List<String> types = ended.getList("events.type");
        assertEquals("zig_session_ended", types.get(types.size() - 1));
        assertEquals("failure", ended.getString("events[-1].status"));
        assertFalse(Files.exists(lease), "the lease is gone with the session");
        String global = Files.readString(TempHome.home().resolve(".zig/sessions_index.json"));
        Thread.sleep(300);
        global = Files.readString(TempHome.home().resolve(".zig/sessions_index.json"));
        assertTrue(global.contains("\"status\": \"failure\""), "the global index is stamped");
        int heartbeats = (int) types.stream().filter("heartbeat"::equals).count();
        Thread.sleep(1500);
        assertEquals(heartbeats, (int) session(id).getList("events.type").stream().filter("heartbeat"::equals).count(),
                "no heartbeat after the owner is gone");
    }

    @Test
    void aSessionWithNoOwnerEndsAfterTheIdleTimeoutUnlessItIsUsed() throws Exception {
        String idle = api().body("{\"workflow_name\":\"idle\",\"workflow_path\":\"/w.zwf\"}").post("/api/v1/sessions")
                .then().statusCode(201).extract().path("zig_session_id");
        String busy = api().body("{\"workflow_name\":\"busy\",\"workflow_path\":\"/w.zwf\"}").post("/api/v1/sessions")
                .then().statusCode(201).extract().path("zig_session_id");
        for (int i = 0; i < 10; i++) {
            postEvents(busy, output("s", "tick " + i)).then().statusCode(200);
            Thread.sleep(500);
        }
        awaitStatus(idle, "failure", Duration.ofSeconds(3));
        assertEquals("failure", session(idle).getString("status"), "no request for 3 s: ended");
        assertEquals(null, session(busy).getString("status"), "a request every 0.5 s keeps it open");
    }

    @Test
    void anOwnerPidThatIsNotRunningIsRefused() {
        api().body("{\"workflow_name\":\"x\",\"workflow_path\":\"/w.zwf\",\"owner_pid\":2147483646}").post("/api/v1/sessions")
                .then().statusCode(400).body("error.message", containsString("'owner_pid'"));
    }

    @Test
    void anIngestOwnerKeepsTheSessionWhileThePidIsGone() throws Exception {
        Process owner = new ProcessBuilder("sleep", "60").start();
        String id = start("ingested", owner.pid());
        try (dev.zigd.stream.WsProbe ingest = dev.zigd.stream.WsProbe.unix(TempHome.home().resolve(".zig/zigd.sock"),
                "/api/v1/sessions/" + id + "/ingest")) {
            owner.destroyForcibly().waitFor();
            Thread.sleep(2500);
            assertEquals(null, session(id).getString("status"), "an open ingest connection holds the lease");
            // The session's 1 s heartbeat may land between reading the count and the send: the ack is a later seq.
            long before = session(id).getList("events").size();
            String ack = ingest.send(output("s", "still here"));
            org.junit.jupiter.api.Assertions.assertTrue(ack.matches("\\{\"ack\":\\d+\\}")
                    && Long.parseLong(ack.replaceAll("\\D", "")) > before, "the write is acknowledged: " + ack);
        }
        awaitStatus(id, "failure", Duration.ofSeconds(5));
        api().get("/api/v1/sessions/" + id).then().body("status", equalTo("failure"));
    }
}
