package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * The real {@code bin/zigd} client against a fleet view: two daemons (homes, host names alpha and bravo) forward to
 * one real nats-server, a third serves the fleet view. {@code sessions}, {@code show}, {@code listen},
 * {@code subscribe}, {@code ps}, {@code hosts} with {@code --fleet}/{@code --host}, and the errors a user sees:
 * no fleet view, a view still connecting, an unknown host, a write through the read-only view.
 */
class FleetCliIT {
    static final String TWIN_ON_ALPHA = "aaaaaaaa-1111-4111-8111-111111111111";
    static final String TWIN_ON_BRAVO = "aaaaaaaa-2222-4222-8222-222222222222";

    @Test
    void theClientReadsEveryHostThroughTheFleetView() throws Exception {
        Path homeA = TestFiles.dir("zigd-fleetcli-a");
        Path homeB = TestFiles.dir("zigd-fleetcli-b");
        Path homeF = TestFiles.dir("zigd-fleetcli-view");
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        // Ended sessions with one prefix on both hosts, from logs the daemons find at start (and forward).
        plantEndedSession(homeA, TWIN_ON_ALPHA);
        plantEndedSession(homeB, TWIN_ON_BRAVO);
        boolean passed = false;
        try (NatsServer nats = NatsServer.start();
                DaemonProcess alpha = DaemonProcess.start(homeA, Fleets.forwarding(nats, "alpha"));
                DaemonProcess bravo = DaemonProcess.start(homeB, Fleets.forwarding(nats, "bravo"));
                DaemonProcess fleet = DaemonProcess.start(homeF, "-Dzigd.fleet.nats-url=" + nats.url())) {
            Cli cli = new Cli(homeF);
            String idA = Fleets.startSession(alpha, "build");
            String idB = Fleets.startSession(bravo, "review");
            assertEquals(200, Fleets.post(alpha, idA, "a", 3));
            assertEquals(200, Fleets.post(bravo, idB, "b", 3));
            Fleets.end(alpha, idA);
            Fleets.end(bravo, idB);
            Fleets.await("both ended sessions in the fleet view", Duration.ofSeconds(30),
                    () -> {
                        String ended = cli.run("sessions", "--fleet", "--status", "success", "--json").out();
                        return ended.contains(idA) && ended.contains(idB) && ended.contains(TWIN_ON_ALPHA)
                                && ended.contains(TWIN_ON_BRAVO);
                    });

            // sessions: a HOST column first; --json the fleet's entries with their host; --host filters.
            Cli.Result table = cli.run("sessions", "--fleet");
            assertEquals(0, table.exit(), table.toString());
            assertTrue(table.out().startsWith("HOST  "), table.out());
            assertTrue(table.out().lines().anyMatch(l -> l.startsWith("alpha  " + idA.substring(0, 8))), table.out());
            assertTrue(table.out().lines().anyMatch(l -> l.startsWith("bravo  " + idB.substring(0, 8))), table.out());
            JsonNode entries = ZigJson.MAPPER.readTree(cli.run("sessions", "--fleet", "--json").out());
            assertEquals(List.of("alpha:" + idA, "bravo:" + idB, "alpha:" + TWIN_ON_ALPHA, "bravo:" + TWIN_ON_BRAVO)
                    .stream().sorted().toList(), hostsAndIds(entries));
            assertEquals(List.of("bravo:" + idB, "bravo:" + TWIN_ON_BRAVO).stream().sorted().toList(),
                    hostsAndIds(ZigJson.MAPPER.readTree(cli.run("sessions", "--host", "bravo", "--json").out())));

            // A prefix found on two hosts: the error names both as HOST/ID; HOST/prefix picks one.
            Cli.Result ambiguous = cli.run("show", "--fleet", "aaaaaaaa");
            assertEquals(4, ambiguous.exit(), ambiguous.toString());
            assertEquals("zigd: ambiguous session 'aaaaaaaa' in the fleet: give HOST/aaaaaaaa. Matches: alpha/"
                    + TWIN_ON_ALPHA + ", bravo/" + TWIN_ON_BRAVO + "\n", ambiguous.err());
            Cli.Result picked = cli.run("show", "--fleet", "bravo/aaaaaaaa", "--json");
            assertEquals(0, picked.exit(), picked.toString());
            assertArrayEquals(Files.readAllBytes(Fleets.logOf(bravo, TWIN_ON_BRAVO)), picked.outBytes());

            // show: another host's session, byte for byte, however it is named.
            byte[] storedB = Files.readAllBytes(Fleets.logOf(bravo, idB));
            for (String[] args : List.of(new String[] {"show", "--fleet", "bravo/" + idB.substring(0, 8), "--json"},
                    new String[] {"show", "--host", "bravo", idB, "--json"},
                    new String[] {"show", "--fleet", idB.substring(0, 8), "--json"})) {
                Cli.Result shown = cli.run(args);
                assertEquals(0, shown.exit(), shown.toString());
                assertArrayEquals(storedB, shown.outBytes(), String.join(" ", args));
            }
            Cli.Result human = cli.run("show", "--fleet", "alpha/latest");
            assertTrue(human.out().contains("s ▸ a-2") && human.out().contains("session ended: success"), human.toString());

            // listen: an ended session replays and exits 0 by its status.
            Cli.Result replay = cli.run("listen", "--fleet", "alpha/" + idA.substring(0, 8), "--json");
            assertEquals(0, replay.exit(), replay.toString());
            assertArrayEquals(Files.readAllBytes(Fleets.logOf(alpha, idA)), replay.outBytes());

            // subscribe --host alpha: alpha's live events only, human lines prefixed HOST/ID.
            String idS = Fleets.startSession(alpha, "watch");
            String idT = Fleets.startSession(bravo, "live");
            try (Cli.Running subscribed = cli.start("subscribe", "--fleet", "--host", "alpha")) {
                Fleets.await("the subscription receiving", Duration.ofSeconds(20),
                        () -> Fleets.post(alpha, idS, "warm", 1) == 200 && subscribed.outText().contains("warm-0"));
                assertEquals(200, Fleets.post(bravo, idT, "b-sub", 3));
                assertEquals(200, Fleets.post(alpha, idS, "a-sub", 3));
                Fleets.await("alpha's events on the subscription", Duration.ofSeconds(20),
                        () -> subscribed.outText().contains("a-sub-2"));
                String out = subscribed.outText();
                assertFalse(out.contains("b-sub"), out);
                assertTrue(out.lines().allMatch(l -> l.startsWith("alpha/" + idS.substring(0, 8) + " ")), out);
            }

            // listen: a live session of bravo followed to its end, exit 1 as it ended failure.
            Fleets.await("bravo's live session in the fleet view", Duration.ofSeconds(20),
                    () -> cli.run("sessions", "--host", "bravo", "--json").out().contains(idT));
            try (Cli.Running listening = cli.start("listen", "--fleet", "bravo/" + idT.substring(0, 8), "--json")) {
                Fleets.await("the replay", Duration.ofSeconds(20), () -> listening.outText().contains("b-sub-2"));
                assertEquals(200, Fleets.post(bravo, idT, "b-live", 5));
                assertEquals(200, bravo.call("POST", "/api/v1/sessions/" + idT + "/events",
                        "{\"type\":\"zig_session_ended\",\"status\":\"failure\"}").status());
                assertEquals(1, listening.await(), listening.errText());
                assertArrayEquals(Files.readAllBytes(Fleets.logOf(bravo, idT)), listening.outBytes());
            }

            // listen: the broker restarted mid-session; the stream resumes after the last seq printed, no line lost
            // or printed twice, and a success exits 0.
            String idR = Fleets.startSession(bravo, "restart");
            assertEquals(200, Fleets.post(bravo, idR, "before", 3));
            Fleets.await("bravo's session in the fleet view", Duration.ofSeconds(20),
                    () -> cli.run("sessions", "--host", "bravo", "--json").out().contains(idR));
            try (Cli.Running listening = cli.start("listen", "--fleet", "--host", "bravo", idR, "--json")) {
                Fleets.await("the replay", Duration.ofSeconds(20), () -> listening.outText().contains("before-2"));
                nats.stop();
                assertEquals(200, Fleets.post(bravo, idR, "while-away", 5));
                nats.startAgain();
                assertEquals(200, Fleets.post(bravo, idR, "after", 5));
                Fleets.end(bravo, idR);
                assertEquals(0, listening.await(), listening.errText());
                assertArrayEquals(Files.readAllBytes(Fleets.logOf(bravo, idR)), listening.outBytes(),
                        listening.errText());
            }

            // ps: a process registered on alpha, in the fleet's list and by HOST/ID.
            UnixHttp.Reply registered = alpha.call("POST", "/api/v1/processes", "{\"pid\":" + sleeper.pid()
                    + ",\"provider\":\"claude\",\"model\":\"opus\",\"command\":\"review\"}");
            assertEquals(201, registered.status(), registered.body());
            String processId = ZigJson.MAPPER.readTree(registered.body()).get("id").asText();
            Fleets.await("the process in `zigd ps --fleet`", Duration.ofSeconds(20),
                    () -> cli.run("ps", "--fleet").out().contains(processId.substring(0, 8)));
            Cli.Result ps = cli.run("ps", "--fleet");
            assertTrue(ps.out().startsWith("HOST  "), ps.out());
            assertTrue(ps.out().lines().anyMatch(l -> l.startsWith("alpha  " + processId.substring(0, 8))
                    && l.contains("claude")), ps.out());
            assertEquals("no processes in the fleet\n", cli.run("ps", "--host", "bravo").out());
            Cli.Result shownProcess = cli.run("ps", "show", "--fleet", "alpha/" + processId.substring(0, 8), "--json");
            assertEquals(0, shownProcess.exit(), shownProcess.toString());
            JsonNode process = ZigJson.MAPPER.readTree(shownProcess.out());
            assertEquals("alpha", process.get("host").asText());
            assertEquals(processId, process.get("id").asText());

            // hosts: sessions, running sessions, processes per host (bravo's ended session may reach the bucket late).
            Fleets.await("`zigd hosts`: alpha 3 sessions, 1 running, 1 process; bravo 4, 0, 0", Duration.ofSeconds(20),
                    () -> {
                        Cli.Result hosts = cli.run("hosts");
                        return hosts.exit() == 0 && hosts.out().startsWith("HOST ")
                                && hosts.out().lines().anyMatch(l -> l.matches("alpha\\s+3\\s+1\\s+1"))
                                && hosts.out().lines().anyMatch(l -> l.matches("bravo\\s+4\\s+0\\s+0"));
                    });

            // Errors: an unknown host, a bad host name.
            for (String[] args : List.of(new String[] {"show", "--fleet", "charlie/latest"},
                    new String[] {"sessions", "--host", "charlie"}, new String[] {"ps", "--host", "charlie"},
                    new String[] {"subscribe", "--fleet", "--host", "charlie"},
                    new String[] {"listen", "--fleet", "--host", "charlie"})) {
                Cli.Result unknown = cli.run(args);
                assertEquals(4, unknown.exit(), unknown.toString());
                assertEquals("zigd: unknown host 'charlie' in the fleet; known: alpha, bravo (`zigd hosts` lists them)\n",
                        unknown.err(), String.join(" ", args));
            }
            Cli.Result badName = cli.run("sessions", "--host", "a.b");
            assertEquals(2, badName.exit(), badName.toString());

            // Errors: a daemon without the fleet view says how to turn it on.
            Cli cliA = new Cli(homeA);
            for (String[] args : List.of(new String[] {"sessions", "--fleet"}, new String[] {"hosts"},
                    new String[] {"show", "--fleet", "bravo/latest"}, new String[] {"subscribe", "--fleet"})) {
                Cli.Result off = cliA.run(args);
                assertEquals(4, off.exit(), off.toString());
                assertTrue(off.err().contains("no fleet view") && off.err().contains("zigd.fleet.nats-url")
                        && off.err().lines().count() == 1, off.err());
            }

            // Errors: writes through the fleet are refused before anything is sent.
            Cli.Result stop = cliA.run("stop", "--fleet", processId);
            assertEquals(4, stop.exit(), stop.toString());
            assertTrue(stop.err().contains("read-only") && stop.err().contains("nothing was sent"), stop.err());
            assertTrue(sleeper.isAlive(), "the process got no signal");
            assertEquals("running", ZigJson.MAPPER.readTree(alpha.call("GET", "/api/v1/processes/" + processId, null)
                    .body()).get("live_status").asText());
            assertEquals(4, cliA.run("kill", "--fleet", processId).exit());
            assertTrue(sleeper.isAlive(), "the process got no signal");
            assertEquals(4, cliA.run("gc", "--fleet", "--force").exit());
            Path marker = homeA.resolve("ran");
            Cli.Result run = cli.run("run", "--fleet", "--", "touch", marker.toString());
            assertEquals(125, run.exit(), run.toString());
            assertTrue(run.err().contains("read-only"), run.err());
            assertFalse(Files.exists(marker), "the command was not run");

            // subscribe --fleet across a restart of the fleet view's daemon while the broker is away: it waits for the
            // view to connect again, then carries on.
            try (Cli.Running subscribed = cli.start("subscribe", "--fleet", "--json")) {
                Fleets.await("the subscription receiving", Duration.ofSeconds(20),
                        () -> Fleets.post(alpha, idS, "warm2", 1) == 200 && subscribed.outText().contains("warm2-0"));
                fleet.terminate(Duration.ofSeconds(20));
                nats.stop();
                try (DaemonProcess again = DaemonProcess.start(homeF, "-Dzigd.fleet.nats-url=" + nats.url())) {
                    Fleets.await("the client waiting for the fleet view", Duration.ofSeconds(30),
                            () -> subscribed.errText().contains("the fleet view is not connected to " + nats.url()));
                    assertTrue(subscribed.process().isAlive(), subscribed.errText());
                    nats.startAgain();
                    Fleets.await("events through the fleet view again", Duration.ofSeconds(30),
                            () -> Fleets.post(alpha, idS, "back", 1) == 200 && subscribed.outText().contains("back-0"));
                    assertTrue(subscribed.errText().contains("the fleet view is back"), subscribed.errText());
                }
            }
            passed = true;
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            for (Path home : List.of(homeA, homeB, homeF)) {
                if (passed) {
                    Fleets.deleteTree(home);
                } else {
                    System.err.println("FleetCliIT failed: home kept at " + home);
                }
            }
        }
    }

    @Test
    void aFleetViewStillConnectingSaysSo() throws Exception {
        Path home = TestFiles.dir("zigd-fleetcli-connecting");
        int nobody = DaemonProcess.freePort();
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.fleet.nats-url=nats://127.0.0.1:" + nobody)) {
            Cli.Result result = new Cli(home).run("sessions", "--fleet");
            assertEquals(4, result.exit(), result.toString());
            // One line: the daemon's own words (with the broker's reason when it has one), then what to do.
            assertTrue(result.err().matches("zigd: the fleet view is not connected to nats://127\\.0\\.0\\.1:" + nobody
                    + " yet(: Connection refused)?; try again in a moment \\(it reads the hosts' lists once connected\\)\n"),
                    result.err());
        } finally {
            Fleets.deleteTree(home);
        }
    }

    private static void plantEndedSession(Path home, String id) throws Exception {
        Path logs = Files.createDirectories(home.resolve(".zig/logs/sessions"));
        Files.writeString(logs.resolve(id + ".jsonl"), "{\"seq\":1,\"ts\":\"2026-03-01T11:00:00+00:00\",\"zig_session_id\":\""
                + id + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"twin\",\"workflow_path\":\"/t.zwf\","
                + "\"workspace_path\":null,\"cwd\":null,\"prompt\":null,\"tier_count\":0}\n"
                + "{\"seq\":2,\"ts\":\"2026-03-01T11:00:01+00:00\",\"zig_session_id\":\"" + id
                + "\",\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":1000}\n");
    }

    private static List<String> hostsAndIds(JsonNode entries) {
        List<String> out = new ArrayList<>();
        for (JsonNode entry : entries) {
            out.add(entry.get("host").asText() + ":" + entry.get("zig_session_id").asText());
        }
        return out.stream().sorted().toList();
    }
}
