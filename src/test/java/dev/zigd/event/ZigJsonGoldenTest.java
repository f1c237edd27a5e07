package dev.zigd.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zigd.event.EventBody.Heartbeat;
import dev.zigd.event.EventBody.OutputStream;
import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.EventBody.StepCompleted;
import dev.zigd.event.EventBody.StepFailed;
import dev.zigd.event.EventBody.StepOutput;
import dev.zigd.event.EventBody.StepSkipped;
import dev.zigd.event.EventBody.StepStarted;
import dev.zigd.event.EventBody.TierStarted;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.event.EventBody.ZigSessionStarted;
import dev.zigd.index.GlobalEntry;
import dev.zigd.index.ProjectEntry;

/** The exact bytes of format.md, one expected string per event type and index file, written by hand. */
class ZigJsonGoldenTest {
    static final String ID = "5f0c2f8e-3c1a-4b7e-9d7e-2b1f6f3a9c10";
    static final String TS = "2026-05-01T09:30:00.120418337+00:00";
    static final String HEAD = "{\"seq\":7,\"ts\":\"" + TS + "\",\"zig_session_id\":\"" + ID + "\",";

    private static String line(EventBody body) {
        return new String(ZigJson.line(new Event(7, TS, ID, body)), StandardCharsets.UTF_8);
    }

    @Test
    void sessionStartedWritesNullsAndKeepsKeyOrder() {
        assertEquals(HEAD + "\"type\":\"zig_session_started\",\"workflow_name\":\"review\","
                + "\"workflow_path\":\"/home/ada/src/app/review.zwf\","
                + "\"workspace_path\":\"/home/ada/.zig/projects/home-ada-src-app\",\"cwd\":\"/home/ada/src/app\","
                + "\"prompt\":null,\"tier_count\":3}\n",
                line(new ZigSessionStarted("review", "/home/ada/src/app/review.zwf",
                        "/home/ada/.zig/projects/home-ada-src-app", "/home/ada/src/app", null, 3)));
        assertEquals(HEAD + "\"type\":\"zig_session_started\",\"workflow_name\":\"w\",\"workflow_path\":\"p\","
                + "\"workspace_path\":null,\"cwd\":null,\"prompt\":\"fix it\",\"tier_count\":0}\n",
                line(new ZigSessionStarted("w", "p", null, null, "fix it", 0)));
    }

    @Test
    void tierStarted() {
        assertEquals(HEAD + "\"type\":\"tier_started\",\"tier_index\":2,\"step_names\":[\"lint\",\"test\"]}\n",
                line(new TierStarted(2, List.of("lint", "test"))));
        assertEquals(HEAD + "\"type\":\"tier_started\",\"tier_index\":0,\"step_names\":[]}\n",
                line(new TierStarted(0, List.of())));
    }

    @Test
    void stepStarted() {
        assertEquals(HEAD + "\"type\":\"step_started\",\"step_name\":\"lint\",\"tier_index\":0,"
                + "\"zag_session_id\":\"z-1\",\"zag_command\":\"run\",\"model\":null,\"prompt_preview\":\"Lint the\"}\n",
                line(new StepStarted("lint", 0, "z-1", "run", null, "Lint the")));
        assertEquals(HEAD + "\"type\":\"step_started\",\"step_name\":\"s\",\"tier_index\":1,"
                + "\"zag_session_id\":\"z\",\"zag_command\":\"exec\",\"model\":\"opus\",\"prompt_preview\":\"\"}\n",
                line(new StepStarted("s", 1, "z", "exec", "opus", "")));
    }

    @Test
    void stepOutputEscapesLikeSerdeJson() {
        String text = "q\" b\\ /slash \n\r\t\b\f \u0001\u001f\u007f ü € 😀";
        assertEquals(HEAD + "\"type\":\"step_output\",\"step_name\":\"lint\",\"stream\":\"stderr\","
                + "\"line\":\"q\\\" b\\\\ /slash \\n\\r\\t\\b\\f \\u0001\\u001f\u007f ü € 😀\"}\n",
                line(new StepOutput("lint", OutputStream.STDERR, text)));
        assertEquals(HEAD + "\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"\"}\n",
                line(new StepOutput("s", OutputStream.STDOUT, "")));
    }

    @Test
    void stepCompletedFailedSkipped() {
        assertEquals(HEAD + "\"type\":\"step_completed\",\"step_name\":\"lint\",\"exit_code\":0,"
                + "\"duration_ms\":1520,\"saved_vars\":[\"report\"]}\n",
                line(new StepCompleted("lint", 0, 1520, List.of("report"))));
        assertEquals(HEAD + "\"type\":\"step_failed\",\"step_name\":\"test\",\"exit_code\":null,\"attempt\":2,"
                + "\"error\":\"timed out\"}\n", line(new StepFailed("test", null, 2, "timed out")));
        assertEquals(HEAD + "\"type\":\"step_failed\",\"step_name\":\"test\",\"exit_code\":-1,\"attempt\":0,"
                + "\"error\":\"\"}\n", line(new StepFailed("test", -1, 0, "")));
        assertEquals(HEAD + "\"type\":\"step_skipped\",\"step_name\":\"deploy\",\"reason\":\"condition false\"}\n",
                line(new StepSkipped("deploy", "condition false")));
    }

    @Test
    void heartbeatAndEnd() {
        assertEquals(HEAD + "\"type\":\"heartbeat\",\"interval_secs\":10}\n", line(new Heartbeat(10)));
        assertEquals(HEAD + "\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":11880}\n",
                line(new ZigSessionEnded(SessionStatus.SUCCESS, 11880L)));
        assertEquals(HEAD + "\"type\":\"zig_session_ended\",\"status\":\"failure\",\"duration_ms\":0}\n",
                line(new ZigSessionEnded(SessionStatus.FAILURE, 0L)));
    }

    @Test
    void timestampsUseTheFewestOfZeroThreeSixOrNineFractionDigits() {
        assertEquals("2026-05-01T09:30:00.120418337+00:00",
                Timestamps.format(Instant.parse("2026-05-01T09:30:00.120418337Z")));
        assertEquals("2026-05-01T09:30:00.121007+00:00", Timestamps.format(Instant.parse("2026-05-01T09:30:00.121007Z")));
        assertEquals("2026-05-01T09:30:00.121+00:00", Timestamps.format(Instant.parse("2026-05-01T09:30:00.121Z")));
        assertEquals("2026-05-01T09:30:00.100+00:00", Timestamps.format(Instant.parse("2026-05-01T09:30:00.1Z")));
        assertEquals("2026-05-01T09:30:00.000001+00:00", Timestamps.format(Instant.parse("2026-05-01T09:30:00.000001Z")));
        assertEquals("2026-05-01T09:30:00.000000001+00:00",
                Timestamps.format(Instant.parse("2026-05-01T09:30:00.000000001Z")));
        assertEquals("2026-05-01T09:30:00+00:00", Timestamps.format(Instant.parse("2026-05-01T09:30:00Z")));
        assertEquals("0999-01-02T03:04:05+00:00", Timestamps.format(Instant.parse("0999-01-02T03:04:05Z")));
    }

    @Test
    void projectIndexIsPrettyPrintedInSerdeLayout() {
        ProjectEntry open = new ProjectEntry(ID, "review", "/home/ada/src/app/review.zwf",
                "/home/ada/.zig/projects/home-ada-src-app/logs/sessions/" + ID + ".jsonl",
                "2026-05-01T09:30:00.120401774+00:00", null, null, "/home/ada/.zig/projects/home-ada-src-app");
        ProjectEntry ended = open.ended("2026-05-01T09:31:00+00:00", SessionStatus.FAILURE);
        String expected = "{\n"
                + "  \"sessions\": [\n"
                + "    {\n"
                + "      \"zig_session_id\": \"" + ID + "\",\n"
                + "      \"workflow_name\": \"review\",\n"
                + "      \"workflow_path\": \"/home/ada/src/app/review.zwf\",\n"
                + "      \"log_path\": \"/home/ada/.zig/projects/home-ada-src-app/logs/sessions/" + ID + ".jsonl\",\n"
                + "      \"started_at\": \"2026-05-01T09:30:00.120401774+00:00\",\n"
                + "      \"ended_at\": null,\n"
                + "      \"status\": null,\n"
                + "      \"workspace_path\": \"/home/ada/.zig/projects/home-ada-src-app\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"zig_session_id\": \"" + ID + "\",\n"
                + "      \"workflow_name\": \"review\",\n"
                + "      \"workflow_path\": \"/home/ada/src/app/review.zwf\",\n"
                + "      \"log_path\": \"/home/ada/.zig/projects/home-ada-src-app/logs/sessions/" + ID + ".jsonl\",\n"
                + "      \"started_at\": \"2026-05-01T09:30:00.120401774+00:00\",\n"
                + "      \"ended_at\": \"2026-05-01T09:31:00+00:00\",\n"
                + "      \"status\": \"failure\",\n"
                + "      \"workspace_path\": \"/home/ada/.zig/projects/home-ada-src-app\"\n"
                + "    }\n"
                + "  ]\n"
                + "}";
        assertEquals(expected, pretty(new Sessions(List.of(open, ended))));
        PrettyList<Object> cached = new PrettyList<>("sessions");
        assertEquals(expected, new String(cached.encode(List.of(open, ended)), StandardCharsets.UTF_8));
        assertEquals(expected, new String(cached.encode(List.of(open, ended)), StandardCharsets.UTF_8), "from the cache");
    }

    @Test
    void globalIndexIsPrettyPrintedInSerdeLayout() {
        GlobalEntry entry = new GlobalEntry(ID, "review", "", "/l/" + ID + ".jsonl", "2026-05-01T09:30:00+00:00",
                "2026-05-01T09:30:12.000913+00:00", SessionStatus.SUCCESS);
        String expected = "{\n"
                + "  \"sessions\": [\n"
                + "    {\n"
                + "      \"zig_session_id\": \"" + ID + "\",\n"
                + "      \"workflow_name\": \"review\",\n"
                + "      \"project\": \"\",\n"
                + "      \"log_path\": \"/l/" + ID + ".jsonl\",\n"
                + "      \"started_at\": \"2026-05-01T09:30:00+00:00\",\n"
                + "      \"ended_at\": \"2026-05-01T09:30:12.000913+00:00\",\n"
                + "      \"status\": \"success\"\n"
                + "    }\n"
                + "  ]\n"
                + "}";
        assertEquals(expected, pretty(new Sessions(List.of(entry))));
        assertEquals("{\n  \"sessions\": []\n}", pretty(new Sessions(List.of())));
        PrettyList<Object> cached = new PrettyList<>("sessions");
        assertEquals(expected, new String(cached.encode(List.of(entry)), StandardCharsets.UTF_8));
        assertEquals("{\n  \"sessions\": []\n}", new String(cached.encode(List.of()), StandardCharsets.UTF_8));
    }

    record Sessions(List<?> sessions) {
    }

    private static String pretty(Object value) {
        return new String(ZigJson.pretty(value), StandardCharsets.UTF_8);
    }

    @Test
    void storedLinesOfEveryTypeReadBackAndRewriteToTheSameBytes() {
        List<String> lines = List.of(
                HEAD + "\"type\":\"zig_session_started\",\"workflow_name\":\"w\",\"workflow_path\":\"p\",\"workspace_path\":null,\"cwd\":null,\"prompt\":null,\"tier_count\":0}",
                HEAD + "\"type\":\"tier_started\",\"tier_index\":0,\"step_names\":[\"a\"]}",
                HEAD + "\"type\":\"step_started\",\"step_name\":\"a\",\"tier_index\":0,\"zag_session_id\":\"z\",\"zag_command\":\"run\",\"model\":\"m\",\"prompt_preview\":\"p\"}",
                HEAD + "\"type\":\"step_output\",\"step_name\":\"a\",\"stream\":\"stdout\",\"line\":\"x\\u001b[0m\"}",
                HEAD + "\"type\":\"step_completed\",\"step_name\":\"a\",\"exit_code\":0,\"duration_ms\":5,\"saved_vars\":[]}",
                HEAD + "\"type\":\"step_failed\",\"step_name\":\"a\",\"exit_code\":1,\"attempt\":1,\"error\":\"e\"}",
                HEAD + "\"type\":\"step_skipped\",\"step_name\":\"a\",\"reason\":\"r\"}",
                HEAD + "\"type\":\"heartbeat\",\"interval_secs\":10}",
                HEAD + "\"type\":\"zig_session_ended\",\"status\":\"failure\",\"duration_ms\":9}");
        for (String stored : lines) {
            Event event = EventDecoder.decodeStoredLine(stored);
            assertEquals(stored + "\n", new String(ZigJson.line(event), StandardCharsets.UTF_8));
        }
    }

    @Test
    void clientEventsAreCheckedFieldByField() {
        assertEquals("field 'step_name' is missing", message("{\"type\":\"step_output\",\"stream\":\"stdout\",\"line\":\"x\"}"));
        assertEquals("field 'tier_index' must be an integer, got a string",
                message("{\"type\":\"tier_started\",\"tier_index\":\"0\",\"step_names\":[]}"));
        assertEquals("field 'tier_index' is out of range: -1 (allowed 0..9223372036854775807)",
                message("{\"type\":\"tier_started\",\"tier_index\":-1,\"step_names\":[]}"));
        assertEquals("field 'stream' must be one of \"stdout\", \"stderr\", got \"stdin\"",
                message("{\"type\":\"step_output\",\"step_name\":\"a\",\"stream\":\"stdin\",\"line\":\"x\"}"));
        assertEquals("field 'step_names' must be an array of strings; item 1 is an integer",
                message("{\"type\":\"tier_started\",\"tier_index\":0,\"step_names\":[\"a\",2]}"));
        assertEquals("field 'line' contains an unpaired UTF-16 surrogate",
                message("{\"type\":\"step_output\",\"step_name\":\"a\",\"stream\":\"stdout\",\"line\":\"\\ud800\"}"));
        assertTrue(message("{\"type\":\"heartbeat\",\"interval_secs\":1}").startsWith("type 'heartbeat' is written by the daemon only"));
        assertTrue(message("{\"type\":\"nope\"}").startsWith("unknown event type 'nope'; accepted types: tier_started, "));
        assertTrue(message("{\"type\":").startsWith("malformed JSON at line 1, column "));
        assertTrue(message("[{\"type\":\"step_skipped\",\"step_name\":\"a\",\"reason\":\"r\"},{\"type\":\"step_skipped\"}]")
                .startsWith("event 1: field 'step_name' is missing"));
    }

    private static String message(String json) {
        return assertThrows(InvalidInputException.class,
                () -> EventDecoder.decodeClientEvents(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }
}
