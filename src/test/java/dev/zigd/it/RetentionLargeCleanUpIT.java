package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * A clean-up of 20,000 ended zig-written sessions by one {@code POST /api/v1/sessions/gc}, in a daemon with a small
 * heap that exits on OutOfMemoryError (as bin/zigd runs it): the clean-up goes in chunks and the answer lists only
 * the first 1,000 sessions (with the count and bytes of all), so the daemon answers, stays up, keeps its open
 * session, and both indexes and the logs agree afterwards. The heap is what the daemon needs at rest with 20,000
 * indexed sessions once it has written its indexes (~50 MB live), plus a margin a clean-up must fit in.
 */
class RetentionLargeCleanUpIT {
    static final int SESSIONS = Integer.getInteger("retention.large.sessions", 20_000);
    static final String HEAP = System.getProperty("retention.large.heap", "96m");

    @Test
    void aCleanUpOfTwentyThousandSessionsRunsInASmallHeap() throws Exception {
        Path home = TestFiles.dir("zigd-retention-large");
        List<String> ids = ZigSessionFiles.write(home, SESSIONS);
        try (DaemonProcess daemon = DaemonProcess.start(home, "-XX:+UseSerialGC", "-Xmx" + HEAP,
                "-XX:+ExitOnOutOfMemoryError", "-Dzigd.retention.every=off")) {
            // An open session: the daemon writes both indexes in full (as any daemon in use has), and it must stay.
            UnixHttp.Reply open = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"open\","
                    + "\"workflow_path\":\"/w/open.zwf\",\"cwd\":\"/tmp\",\"owner_pid\":"
                    + ProcessHandle.current().pid() + "}");
            assertEquals(201, open.status(), open.body());
            String openId = ZigJson.MAPPER.readTree(open.body()).get("zig_session_id").asText();
            UnixHttp.Reply dry = daemon.call("POST", "/api/v1/sessions/gc", "{\"older_than\":\"1h\"}");
            assertEquals(200, dry.status(), dry.body());
            JsonNode preview = ZigJson.MAPPER.readTree(dry.body());
            assertEquals(SESSIONS, preview.get("count").asInt(), "the dry run counts every session that would go");
            assertTrue(preview.get("truncated").asBoolean(), "and says its list is cut short");
            assertEquals(1000, preview.get("sessions").size(), "it lists the first 1,000");
            assertEquals(ids.get(0), preview.get("sessions").get(0).get("id").asText(), "oldest end first");
            assertEquals(SESSIONS, ZigSessionFiles.logs(home).size(), "a dry run removes nothing");

            Cli.Result cli = new Cli(home).run("gc", "sessions", "--older-than", "1h");
            assertEquals(0, cli.exit(), cli.toString());
            assertTrue(cli.out().startsWith("would remove " + SESSIONS + " sessions, "), cli.out());
            assertTrue(cli.out().contains("  " + ids.get(0) + " ("), "zigd gc lists the oldest first: " + cli.out());
            assertTrue(cli.out().endsWith("  … and " + (SESSIONS - 1000) + " more (only the first 1000 are listed)\n"),
                    "and says how many it did not list");

            UnixHttp.Reply gc = daemon.call("POST", "/api/v1/sessions/gc", "{\"older_than\":\"1h\",\"dry_run\":false}");
            assertEquals(200, gc.status(), gc.body());
            JsonNode done = ZigJson.MAPPER.readTree(gc.body());
            assertEquals(SESSIONS, done.get("count").asInt());
            assertTrue(done.get("truncated").asBoolean());
            assertEquals(1000, done.get("sessions").size());
            assertEquals(preview.get("bytes_freed").asLong(), done.get("bytes_freed").asLong(),
                    "bytes_freed covers every session removed, not only the listed ones");

            assertEquals(200, daemon.call("GET", "/api/v1/health", null).status(), "the daemon is still up");
            assertEquals(Set.of(), ZigSessionFiles.logs(home), "every ended session's log is gone");
            assertEquals(Set.of(), ZigSessionFiles.indexed(ZigSessionFiles.projectDir(home).resolve("logs/index.json")),
                    "and every entry of their project index");
            assertEquals(Set.of(openId), ZigSessionFiles.indexed(home.resolve(".zig/sessions_index.json")),
                    "the global index lists only the open session");
            assertEquals(200, daemon.call("POST", "/api/v1/sessions/" + openId + "/events",
                    "{\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":1}").status(),
                    "the open session is still written to");
            assertFalse(Files.exists(home.resolve(".zig/zigd-retention-journal.json")), "the clean-up finished");

            UnixHttp.Reply again = daemon.call("POST", "/api/v1/sessions/gc", "{\"older_than\":\"1h\"}");
            JsonNode nothing = ZigJson.MAPPER.readTree(again.body());
            assertEquals(0, nothing.get("count").asInt());
            assertFalse(nothing.get("truncated").asBoolean());
        }
    }
}
