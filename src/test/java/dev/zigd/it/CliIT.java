package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * The real {@code bin/zigd} client against the real packaged daemon on a temp home: every command's output and exit
 * status, {@code --json} equal to the stored bytes, the human format against a fixed session (golden text),
 * following live sessions, {@code run}, and the errors a user sees.
 */
class CliIT {
    static final String GOLDEN = "9d3c1b2a-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    static final String TWIN_1 = "aaaaaaaa-1111-4111-8111-111111111111";
    static final String TWIN_2 = "aaaaaaaa-2222-4222-8222-222222222222";

    static Path home;
    static DaemonProcess daemon;
    static Cli cli;

    @BeforeAll
    static void startDaemon() throws Exception {
        home = TestFiles.dir("zigd-cli-it");
        Path logs = Files.createDirectories(home.resolve(".zig/logs/sessions"));
        // Logs no index lists: the daemon adds them at start (restart recovery), so these sessions have fixed ids and times.
        Files.copy(Path.of("src/test/resources/cli/golden.jsonl"), logs.resolve(GOLDEN + ".jsonl"));
        for (String twin : List.of(TWIN_1, TWIN_2)) {
            Files.writeString(logs.resolve(twin + ".jsonl"),
                    "{\"seq\":1,\"ts\":\"2026-03-01T11:00:00+00:00\",\"zig_session_id\":\"" + twin + "\",\"type\":\"zig_session_started\","
                            + "\"workflow_name\":\"twin\",\"workflow_path\":\"/t.zwf\",\"workspace_path\":null,\"cwd\":null,\"prompt\":null,\"tier_count\":0}\n"
                            + "{\"seq\":2,\"ts\":\"2026-03-01T11:00:01+00:00\",\"zig_session_id\":\"" + twin + "\",\"type\":\"zig_session_ended\","
                            + "\"status\":\"success\",\"duration_ms\":1000}\n");
        }
        daemon = DaemonProcess.start(home, "-Dzigd.heartbeat-interval=1s");
        cli = new Cli(home).env("QUARKUS_HTTP_PORT", Integer.toString(daemon.port));
    }

    static volatile boolean failed;

    @RegisterExtension
    static final TestWatcher KEEP_HOME_OF_A_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.terminate(Duration.ofSeconds(20));
        }
        removeUnlessFailed(home);
    }

    static void removeUnlessFailed(Path dir) throws Exception {
        if (failed) {
            System.err.println("CliIT failed: its home is kept at " + dir);
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    static JsonNode api(String method, String path, String body) throws Exception {
        return api(daemon, method, path, body);
    }

    static byte[] logBytes(String id) throws Exception {
        return Files.readAllBytes(Path.of(api("GET", "/api/v1/sessions/" + id + "?last=0", null).get("log_path").asText()));
    }

    static String startSession(String workflow) throws Exception {
        return api("POST", "/api/v1/sessions", "{\"workflow_name\":\"" + workflow + "\",\"workflow_path\":\"/w.zwf\",\"owner_pid\":"
                + ProcessHandle.current().pid() + "}").get("zig_session_id").asText();
    }

    static void output(String id, String line) throws Exception {
        api("POST", "/api/v1/sessions/" + id + "/events",
                "{\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"" + line + "\"}");
    }

    static void end(String id, String status) throws Exception {
        api("POST", "/api/v1/sessions/" + id + "/events", "{\"type\":\"zig_session_ended\",\"status\":\"" + status + "\"}");
    }

    static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static void assertOneLineError(Cli.Result result, int exit, String... fragments) {
        assertEquals(exit, result.exit(), result.toString());
        assertEquals("", result.out(), result.toString());
        assertTrue(result.err().startsWith("zigd: ") && result.err().endsWith("\n")
                && result.err().indexOf('\n') == result.err().length() - 1, "one line on stderr: " + result);
        for (String fragment : fragments) {
            assertTrue(result.err().contains(fragment), "'" + fragment + "' in " + result);
        }
    }

    @Test
    void humanFormatOfAFixedSessionIsTheGoldenText() throws Exception {
        String golden = Files.readString(Path.of("src/test/resources/cli/golden.txt"));
        Cli.Result show = cli.run("show", GOLDEN);
        assertEquals(0, show.exit(), show.toString());
        assertEquals(golden, show.out());
        // listen on an ended session replays it and exits with its status: failure → 1
        Cli.Result listen = cli.run("listen", "9d3c");
        assertEquals(1, listen.exit(), listen.toString());
        assertEquals(golden, listen.out());
        Cli.Result stamped = cli.run("show", GOLDEN, "--timestamps");
        assertEquals(Files.readString(Path.of("src/test/resources/cli/golden-timestamps.txt")), stamped.out());
        Cli.Result noFollow = cli.run("listen", GOLDEN, "--no-follow", "--type", "step_failed,step_skipped");
        assertEquals(1, noFollow.exit(), noFollow.toString());
        assertEquals("test ✗ failed (exit 1, attempt 2): 2 tests failed\ndeploy ↷ skipped: test failed\n", noFollow.out());
    }

    @Test
    void jsonIsTheStoredBytes() throws Exception {
        byte[] stored = Files.readAllBytes(Path.of("src/test/resources/cli/golden.jsonl"));
        assertArrayEquals(stored, cli.run("show", GOLDEN, "--json").outBytes());
        Cli.Result listen = cli.run("listen", GOLDEN, "--json");
        assertEquals(1, listen.exit(), listen.toString());
        assertArrayEquals(stored, listen.outBytes());
        String lines = new String(stored, StandardCharsets.UTF_8);
        String[] each = lines.split("\n");
        assertEquals(each[9] + "\n" + each[10] + "\n", cli.run("show", GOLDEN, "--json", "--last", "2").out());
        assertEquals(each[3] + "\n" + each[4] + "\n",
                cli.run("listen", GOLDEN, "--json", "--type", "step_output", "--no-follow").out());
        assertEquals(each[10] + "\n", cli.run("show", GOLDEN, "--json", "--after-seq", "10").out());
    }

    @Test
    void selectorErrorsAreOneLineWithWhatToDo() throws Exception {
        assertOneLineError(cli.run("show", "aaaa"), 4, "ambiguous", TWIN_1, TWIN_2);
        assertOneLineError(cli.run("listen", "ffffffff"), 4, "session not found: ffffffff");
        assertOneLineError(cli.run("show", GOLDEN, "--type", "nonsense"), 2, "nonsense");
        assertOneLineError(cli.run("bogus"), 2, "unknown command 'bogus'");
        assertOneLineError(cli.run("ps", "show", "nothing-like-this"), 4, "Process not found: nothing-like-this");
    }

    @Test
    void sessionsTableAndJson() throws Exception {
        Cli.Result table = cli.run("sessions", "-n", "0");
        assertEquals(0, table.exit(), table.toString());
        String[] rows = table.out().split("\n");
        assertTrue(rows[0].matches("ID +WORKFLOW +PROJECT +STATUS +STARTED +DURATION"), rows[0]);
        // the twins share 8 characters: every id is shown long enough to tell them apart
        assertTrue(table.out().contains("aaaaaaaa-1 ") && table.out().contains("aaaaaaaa-2 "), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.matches("9d3c1b2a-5 +review +\\.zig +failure +\\d+d ago +1m05s")),
                table.out());
        JsonNode json = ZigJson.MAPPER.readTree(cli.run("sessions", "--json", "--status", "failure").out());
        assertTrue(json.isArray() && json.size() >= 1, json.toString());
        json.forEach(entry -> assertEquals("failure", entry.get("status").asText()));
        JsonNode twins = ZigJson.MAPPER.readTree(cli.run("sessions", "--json", "--workflow", "twin", "-n", "1").out());
        assertEquals(1, twins.size());
    }

    @Test
    void runRecordsTheCommandAndPassesItsExitStatusBack() throws Exception {
        Cli.Result run = cli.run("run", "--workflow", "cli-run", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, run.exit(), run.toString());
        assertEquals("out\n", run.out());
        assertEquals("err\n", run.err());
        JsonNode latest = api("GET", "/api/v1/sessions?workflow=cli-run&limit=1", null).get(0);
        JsonNode events = api("GET", "/api/v1/sessions/" + latest.get("zig_session_id").asText(), null).get("events");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("zig_session_started", "tier_started", "step_started", "step_output", "step_output",
                "step_failed", "zig_session_ended"), types.stream().filter(t -> !t.equals("heartbeat")).toList());
        List<String> outputs = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("type").asText().equals("step_output")) {
                outputs.add(e.get("stream").asText() + ":" + e.get("line").asText() + ":" + e.get("step_name").asText());
            }
        });
        assertEquals(List.of("stderr:err:sh", "stdout:out:sh"), outputs.stream().sorted().toList());
        JsonNode failed = events.get(events.size() - 2).get("type").asText().equals("heartbeat")
                ? events.get(events.size() - 3) : events.get(events.size() - 2);
        assertEquals(3, failed.get("exit_code").asInt());
        assertEquals("failure", events.get(events.size() - 1).get("status").asText());

        Cli.Result cat = cli.runWithInput("hello\nworld\n", "run", "--workflow", "cli-cat", "--step", "echo", "--", "cat");
        assertEquals(0, cat.exit(), cat.toString());
        assertEquals("hello\nworld\n", cat.out());
        String catId = api("GET", "/api/v1/sessions?workflow=cli-cat&limit=1", null).get(0).get("zig_session_id").asText();
        assertEquals("success", api("GET", "/api/v1/sessions/" + catId + "?last=0", null).get("status").asText());
        String shown = cli.run("show", catId, "--type", "step_output,step_completed").out();
        assertTrue(shown.matches("echo ▸ hello\necho ▸ world\necho ✓ completed \\(exit 0, [0-9.]+m?s\\)\n"), shown);

        assertOneLineError(cli.run("run", "--", "/no/such/command"), 127, "cannot run /no/such/command");
        Cli.Result withoutDashes = cli.run("run", "--workflow", "cli-nodash", "sh", "-c", "echo $0-$1", "a", "b");
        assertEquals(0, withoutDashes.exit(), withoutDashes.toString());
        assertEquals("a-b\n", withoutDashes.out());
    }

    @Test
    void runKilledWithSigkillEndsItsSessionFailure() throws Exception {
        try (Cli.Running run = cli.start("run", "--workflow", "cli-killed", "--", "sleep", "120")) {
            await("the run's step to start", () -> {
                JsonNode list = api("GET", "/api/v1/sessions?workflow=cli-killed", null);
                return list.size() == 1 && api("GET", "/api/v1/sessions/" + list.get(0).get("zig_session_id").asText()
                        + "?type=step_started", null).get("events").size() == 1;
            });
            String id = api("GET", "/api/v1/sessions?workflow=cli-killed", null).get(0).get("zig_session_id").asText();
            List<ProcessHandle> children = run.process().descendants().toList();
            run.process().destroyForcibly(); // SIGKILL: zigd run cannot say anything more
            run.process().waitFor();
            children.forEach(ProcessHandle::destroyForcibly);
            await("the lease to end the session", () -> !api("GET", "/api/v1/sessions/" + id + "?last=0", null).get("status").isNull());
            assertEquals("failure", api("GET", "/api/v1/sessions/" + id + "?last=0", null).get("status").asText());
        }
    }

    @Test
    void listenFollowsALiveSessionAndExitsWithItsStatus() throws Exception {
        String id = startSession("cli-live");
        output(id, "before");
        try (Cli.Running listen = cli.start("listen", id.substring(0, 13), "--json")) {
            await("the replay", () -> listen.outText().contains("before"));
            for (int i = 0; i < 20; i++) {
                output(id, "live " + i);
            }
            end(id, "success");
            assertEquals(0, listen.await(), listen.errText());
            assertArrayEquals(logBytes(id), listen.outBytes());
        }
        String failing = startSession("cli-live-fail");
        try (Cli.Running listen = cli.start("listen", "--active")) {
            await("the replay", () -> listen.outText().contains("cli-live-fail"));
            output(failing, "bad news");
            end(failing, "failure");
            assertEquals(1, listen.await(), listen.errText());
            assertTrue(listen.outText().contains("s ▸ bad news\n■ session ended: failure ("), listen.outText());
        }
        String open = startSession("cli-live-interrupted");
        try (Cli.Running listen = cli.start("listen", open)) {
            await("the replay", () -> listen.outText().contains("cli-live-interrupted"));
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(listen.process().pid())).start().waitFor());
            assertEquals(130, listen.await(), "Ctrl-C: " + listen.errText());
        } finally {
            end(open, "success");
        }
    }

    @Test
    void subscribeSeesNewSessions() throws Exception {
        int before = api("GET", "/api/v1/health", null).get("subscribers").asInt();
        try (Cli.Running subscribe = cli.start("subscribe", "--json", "--workflow", "cli-sub")) {
            await("the subscription", () -> api("GET", "/api/v1/health", null).get("subscribers").asInt() > before);
            String id = startSession("cli-sub");
            output(id, "hi");
            end(id, "success");
            byte[] stored = logBytes(id);
            await("every line", () -> subscribe.outBytes().length >= stored.length);
            assertArrayEquals(stored, subscribe.outBytes());
        }
    }

    @Test
    void processesListShowStopKillAndGc() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "120").start();
        Process victim = new ProcessBuilder("sleep", "120").start();
        try {
            String first = api("POST", "/api/v1/processes", "{\"pid\":" + sleeper.pid()
                    + ",\"provider\":\"claude\",\"model\":\"sonnet\",\"command\":\"run\",\"prompt\":\"Fix the test\"}").get("id").asText();
            String second = api("POST", "/api/v1/processes", "{\"pid\":" + victim.pid()
                    + ",\"provider\":\"codex\",\"model\":\"o3\",\"command\":\"exec\",\"prompt\":null}").get("id").asText();
            Cli.Result ps = cli.run("ps");
            assertEquals(0, ps.exit(), ps.toString());
            assertTrue(ps.out().startsWith("ID "), ps.out());
            assertTrue(ps.out().lines().anyMatch(l -> l.startsWith(first.substring(0, 8)) && l.contains(" claude ")
                    && l.contains(" running ") && l.contains("Fix the test")), ps.out());
            JsonNode json = ZigJson.MAPPER.readTree(cli.run("ps", "--json", "-p", "codex").out());
            assertEquals(1, json.size());
            assertEquals(second, json.get(0).get("id").asText());
            assertEquals("running", json.get(0).get("live_status").asText());

            Cli.Result show = cli.run("ps", "show", first.substring(0, 6));
            assertTrue(show.out().contains("id:") && show.out().contains(first) && show.out().contains("live_status:"),
                    show.toString());

            Cli.Result stop = cli.run("stop", first.substring(0, 8));
            assertEquals(0, stop.exit(), stop.toString());
            assertTrue(stop.out().startsWith("sent SIGHUP to " + first), stop.out());
            sleeper.waitFor(); // sleep dies of SIGHUP
            assertOneLineError(cli.run("kill", first), 4, "is not running");

            Cli.Result kill = cli.run("kill", second, "--json");
            assertEquals(0, kill.exit(), kill.toString());
            assertEquals("killed", ZigJson.MAPPER.readTree(kill.out()).get("status").asText());

            Cli.Result gc = cli.run("gc", "processes");
            assertEquals(0, gc.exit(), gc.toString());
            assertEquals("no processes to remove (older than 7d)\n", gc.out());
            Cli.Result dry = cli.run("gc", "processes", "--older-than", "0h");
            assertTrue(dry.out().startsWith("would remove "), dry.toString());
            assertTrue(dry.out().contains(second) && dry.out().contains("--force"), dry.out());
            assertEquals(2, ZigJson.MAPPER.readTree(cli.run("ps", "--json").out()).size());
            Cli.Result forced = cli.run("gc", "processes", "--older-than", "0h", "--force", "--json");
            assertTrue(ZigJson.MAPPER.readTree(forced.out()).get("removed").size() >= 1, forced.toString());

            assertEquals(0, cli.run("run", "--workflow", "gc-me", "--", "true").exit());
            String ended = ZigJson.MAPPER.readTree(cli.run("sessions", "--json", "-n", "1").out()).get(0)
                    .get("zig_session_id").asText();
            Cli.Result sessions = cli.run("gc", "sessions", "--older-than", "0h");
            assertEquals(0, sessions.exit(), sessions.toString());
            assertTrue(sessions.out().startsWith("would remove ") && sessions.out().contains(ended)
                    && sessions.out().contains("--force"), sessions.out());
            assertEquals(0, cli.run("show", ended).exit(), "a dry run removes nothing");
        } finally {
            sleeper.destroyForcibly();
            victim.destroyForcibly();
        }
    }

    @Test
    void statusOpenVersionHelpCompletionAndTcp() throws Exception {
        Cli.Result status = cli.run("status");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().startsWith("zigd ") && status.out().contains(" is running\n")
                && status.out().contains(daemon.socket.toString()), status.out());
        assertEquals("ok", ZigJson.MAPPER.readTree(cli.run("status", "--json").out()).get("status").asText());

        String token = Files.readString(home.resolve(".zig/zigd.token")).strip();
        assertEquals("http://127.0.0.1:" + daemon.port + "/#token=" + token + "\n", cli.run("open").out());

        String url = "http://127.0.0.1:" + daemon.port;
        Cli.Result tcp = cli.run("sessions", "--url", url, "--json");
        assertEquals(0, tcp.exit(), tcp.toString());
        assertTrue(tcp.out().contains(GOLDEN));
        Cli.Result badToken = new Cli(home).env("ZIGD_TOKEN", "wrong").run("status", "--url", url);
        assertEquals(0, badToken.exit(), "health needs no token: " + badToken);
        assertOneLineError(new Cli(home).env("ZIGD_TOKEN", "wrong").run("sessions", "--url", url), 4, "token");

        assertTrue(cli.run("--version").out().matches("zigd \\S+\n"));
        Cli.Result help = cli.run("help", "listen");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--after-seq") && help.out().contains("--no-follow"), help.out());
        assertTrue(cli.run("--help").out().contains("subscribe"));
        Cli.Result commandHelp = cli.run("listen", "--help");
        assertEquals(0, commandHelp.exit(), commandHelp.toString());
        assertTrue(commandHelp.out().contains("--after-seq"), commandHelp.out());
        Cli.Result subcommandHelp = cli.run("ps", "show", "--help");
        assertEquals(0, subcommandHelp.exit(), subcommandHelp.toString());
        assertTrue(cli.run("completion", "bash").out().contains("complete -F"));
        assertTrue(cli.run("completion", "zsh").out().contains("bashcompinit"));
    }

    @Test
    void listenSurvivesADaemonRestartWithoutLosingOrRepeatingALine() throws Exception {
        Path restartHome = TestFiles.dir("zigd-cli-restart");
        Cli local = new Cli(restartHome);
        DaemonProcess first = DaemonProcess.start(restartHome);
        String id;
        Cli.Running listen;
        try {
            id = api(first, "POST", "/api/v1/sessions", "{\"workflow_name\":\"restart\",\"workflow_path\":\"/w.zwf\","
                    + "\"owner_pid\":" + ProcessHandle.current().pid() + "}").get("zig_session_id").asText();
            listen = local.start("listen", "--json");
            for (int i = 0; i < 5; i++) {
                api(first, "POST", "/api/v1/sessions/" + id + "/events", outputEvent("before " + i));
            }
            await("the listener to catch up", () -> listen.outText().contains("before 4"));
        } finally {
            first.terminate(Duration.ofSeconds(20));
        }
        try (listen; DaemonProcess second = DaemonProcess.start(restartHome)) {
            for (int i = 0; i < 5; i++) {
                api(second, "POST", "/api/v1/sessions/" + id + "/events", outputEvent("after " + i));
            }
            api(second, "POST", "/api/v1/sessions/" + id + "/events", "{\"type\":\"zig_session_ended\",\"status\":\"success\"}");
            assertEquals(0, listen.await(), listen.errText());
            String log = api(second, "GET", "/api/v1/sessions/" + id + "?last=0", null).get("log_path").asText();
            assertArrayEquals(Files.readAllBytes(Path.of(log)), listen.outBytes());
            assertTrue(listen.errText().contains("lost the daemon") && listen.errText().contains("reconnected"),
                    listen.errText());
            second.terminate(Duration.ofSeconds(20));
        }
        removeUnlessFailed(restartHome);
    }

    static String outputEvent(String line) {
        return "{\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"" + line + "\"}";
    }

    static JsonNode api(DaemonProcess on, String method, String path, String body) throws Exception {
        UnixHttp.Reply reply = on.call(method, path, body);
        assertTrue(reply.status() / 100 == 2, method + " " + path + " -> " + reply.status() + " " + reply.body());
        return ZigJson.MAPPER.readTree(reply.body());
    }

    @Test
    void daemonNotRunningIsOneLineAndAnExitStatus() throws Exception {
        Path empty = TestFiles.dir("zigd-cli-nodaemon");
        try {
            Cli nowhere = new Cli(empty);
            assertOneLineError(nowhere.run("status"), 1, "not running", "zigd serve");
            assertOneLineError(nowhere.run("sessions"), 3, "not running", empty.resolve(".zig/zigd.sock").toString());
            assertOneLineError(nowhere.run("listen"), 3, "not running");
            assertOneLineError(nowhere.run("run", "--", "true"), 125, "not running", "was not run");
            assertOneLineError(nowhere.run("open"), 1, "no token");
        } finally {
            Files.deleteIfExists(empty);
        }
    }
}
