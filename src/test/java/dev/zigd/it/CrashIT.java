package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.ApiClient;
import dev.zigd.UnixHttp;
import dev.zigd.event.Event;
import dev.zigd.event.EventBody.StepOutput;
import dev.zigd.event.ZigJson;

/**
 * The crash test: N rounds (system property {@code crash.rounds}, 20 by default) in which clients write while the
 * daemon is killed with SIGKILL at a random moment and started again. Afterwards every acknowledged event is
 * in its log exactly once, {@code seq} is contiguous, every line parses, both indexes parse and list every
 * session, and no session is left open without a live owner.
 */
class CrashIT {
    static final int ROUNDS = Integer.getInteger("crash.rounds", 20);
    static final int CLIENTS = 4;

    @Test
    void sigkillAtRandomMomentsLosesNoAcknowledgedEvent() throws Exception {
        Path home = TestFiles.dir("zigd-crash");
        long me = ProcessHandle.current().pid();
        Process mortal = new ProcessBuilder("sleep", "3600").start();
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        Map<String, Long> owners = new ConcurrentHashMap<>();
        Map<String, Set<String>> ackedLines = new ConcurrentHashMap<>();
        List<String> endedByClient = new CopyOnWriteArrayList<>();
        int acknowledged = 0;
        int unanswered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            if (round == ROUNDS / 2) {
                mortal.destroyForcibly().waitFor(); // its sessions must be ended by the daemon, not left open
            }
            try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.heartbeat-interval=1s")) {
                AtomicBoolean killed = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
                List<Future<int[]>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    String tag = "r" + round + "c" + c;
                    long owner = (round < ROUNDS / 2 && c % 2 == 1) ? mortal.pid() : me;
                    boolean endsItsSession = c == 0;
                    clients.add(pool.submit(() -> runClient(daemon, tag, owner, endsItsSession, killed, owners,
                            ackedLines, endedByClient)));
                }
                Thread.sleep(150 + random.nextInt(900));
                killed.set(true);
                daemon.kill();
                for (Future<int[]> client : clients) {
                    int[] counts = client.get();
                    acknowledged += counts[0];
                    unanswered += counts[1];
                }
                pool.shutdown();
            }
        }

        // One last start: recovery ends what has no live owner; then a clean stop writes the indexes.
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            Thread.sleep(300);
            daemon.terminate(Duration.ofSeconds(30));
        }
        JsonNode global = Logs.index(home.resolve(".zig/sessions_index.json"));
        JsonNode project = Logs.index(home.resolve(".zig/logs/index.json"));
        int open = 0;
        for (Map.Entry<String, Long> session : owners.entrySet()) {
            String id = session.getKey();
            JsonNode globalEntry = Logs.entry(global, id);
            assertNotNull(globalEntry, "the global index lists " + id);
            assertNotNull(Logs.entry(project, id), "the project index lists " + id);
            List<Event> events = Logs.readChecked(Path.of(globalEntry.get("log_path").asText()));
            Map<String, Integer> seen = new HashMap<>();
            for (Event event : events) {
                if (event.body() instanceof StepOutput output) {
                    seen.merge(output.line(), 1, Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> line : seen.entrySet()) {
                assertEquals(1, line.getValue(), "written at most once: " + line.getKey());
            }
            for (String acked : ackedLines.getOrDefault(id, Set.of())) {
                assertTrue(seen.containsKey(acked), "acknowledged event in its log: " + acked + " (" + id + ")");
            }
            boolean isOpen = globalEntry.get("status").isNull();
            if (isOpen) {
                open++;
                assertEquals(me, (long) session.getValue(), "an open session has a live owner: " + id);
                assertTrue(Files.exists(home.resolve(".zig/zigd-leases/" + id + ".json")), "and its lease: " + id);
            } else if (!endedByClient.contains(id)) {
                assertEquals("failure", globalEntry.get("status").asText(), id);
            }
            assertEquals(globalEntry.get("status").isNull(), Logs.entry(project, id).get("status").isNull(),
                    "both indexes agree on " + id);
        }
        System.out.printf("crash test: %d rounds, %d sessions (%d still open with a live owner), %d events acknowledged"
                + " and found exactly once, %d requests unanswered at the kill%n", ROUNDS, owners.size(), open,
                acknowledged, unanswered);
        assertTrue(acknowledged > ROUNDS * 10, "the clients got work done between the kills");
        assertFalse(owners.isEmpty());
    }

    /** One client: reuses its earlier open session or starts one, then posts until the daemon dies. */
    private static int[] runClient(DaemonProcess daemon, String tag, long owner, boolean endsItsSession,
            AtomicBoolean killed, Map<String, Long> owners, Map<String, Set<String>> ackedLines,
            List<String> endedByClient) {
        int acked = 0;
        try {
            String id = null;
            for (Map.Entry<String, Long> known : owners.entrySet()) {
                if (known.getValue() == owner && !endedByClient.contains(known.getKey()) && owner != 0
                        && isOpen(daemon, known.getKey()) && ackedLines.get(known.getKey()).size() < 5000) {
                    id = known.getKey();
                    break;
                }
            }
            if (id == null) {
                UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions",
                        "{\"workflow_name\":\"crash\",\"workflow_path\":\"/w.zwf\",\"owner_pid\":" + owner + "}");
                if (started.status() != 201) {
                    return new int[] { 0, 1 };
                }
                id = ZigJson.MAPPER.readTree(started.body()).get("zig_session_id").asText();
                owners.put(id, owner);
                ackedLines.put(id, ConcurrentHashMap.newKeySet());
            }
            for (int n = 0; !killed.get(); n++) {
                String line = tag + "-" + n;
                String body = n % 5 == 0
                        ? "[" + ApiClient.output("s", line) + "," + ApiClient.output("s", line + "b") + "]"
                        : ApiClient.output("s", line);
                UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions/" + id + "/events", body);
                if (reply.status() != 200) {
                    break;
                }
                ackedLines.get(id).add(line);
                if (n % 5 == 0) {
                    ackedLines.get(id).add(line + "b");
                }
                acked++;
                if (endsItsSession && n == 20) {
                    // Noted before sending: a kill may come after the end is written but before it is answered,
                    // and an unanswered request may have been written (only answered ones must be).
                    endedByClient.add(id);
                    daemon.call("POST", "/api/v1/sessions/" + id + "/events",
                            "{\"type\":\"zig_session_ended\",\"status\":\"success\"}");
                    break;
                }
            }
            return new int[] { acked, 0 };
        } catch (Exception connectionDied) {
            return new int[] { acked, 1 };
        }
    }

    private static boolean isOpen(DaemonProcess daemon, String id) throws Exception {
        UnixHttp.Reply reply = daemon.call("GET", "/api/v1/sessions/" + id + "?last=0", null);
        return reply.status() == 200 && ZigJson.MAPPER.readTree(reply.body()).get("status").isNull();
    }

}
