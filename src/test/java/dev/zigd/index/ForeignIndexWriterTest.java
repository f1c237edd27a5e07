package dev.zigd.index;

import static dev.zigd.ApiClient.api;
import static dev.zigd.ApiClient.postEvents;
import static dev.zigd.ApiClient.startSession;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.zigd.TempHome;
import dev.zigd.event.ZigJson;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** zig itself writes the index files while zigd runs: nothing either side wrote is lost. */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class ForeignIndexWriterTest {

    private static Path global() {
        return TempHome.home().resolve(".zig/sessions_index.json");
    }

    /** What zig does: read the file, change it, write it back (here: append an entry, as zig's start does). */
    private static void zigAppends(String id, String dropped) throws Exception {
        JsonNode root = ZigJson.MAPPER.readTree(Files.readAllBytes(global()));
        ArrayNode sessions = (ArrayNode) root.get("sessions");
        for (int i = sessions.size() - 1; i >= 0; i--) {
            // zig loaded the file before zigd's last write, so its view lacks zigd's newest entry
            if (sessions.get(i).get("zig_session_id").asText().equals(dropped)) {
                sessions.remove(i);
            }
        }
        ObjectNode entry = sessions.addObject();
        entry.put("zig_session_id", id).put("workflow_name", "zig-own").put("project", "")
                .put("log_path", "/nowhere/" + id + ".jsonl").put("started_at", "2026-05-03T10:00:00+00:00")
                .putNull("ended_at").putNull("status");
        Files.write(global(), ZigJson.pretty(root));
    }

    @Test
    void entriesWrittenByZigBetweenBatchesSurviveAndZigdKeepsItsOwn() throws Exception {
        String before = startSession("ours-before");
        Thread.sleep(400); // written by the flusher
        zigAppends("11111111-1111-4111-8111-111111111111", null);
        zigAppends("22222222-2222-4222-8222-222222222222", before);
        String after = startSession("ours-after");
        postEvents(before, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}").then().statusCode(200);
        Thread.sleep(400);

        String text = Files.readString(global());
        JsonNode written = ZigJson.MAPPER.readTree(text);
        List<String> ids = written.get("sessions").findValuesAsText("zig_session_id");
        assertTrue(ids.contains("11111111-1111-4111-8111-111111111111"), "zig's first entry kept");
        assertTrue(ids.contains("22222222-2222-4222-8222-222222222222"), "zig's second entry kept");
        assertTrue(ids.contains(before) && ids.contains(after), "zigd's entries kept although zig's write dropped them");
        assertTrue(ids.contains(TempHome.FIXTURE_SESSION), "older entries kept");
        for (JsonNode entry : written.get("sessions")) {
            if (entry.get("zig_session_id").asText().equals(before)) {
                assertTrue(entry.get("status").asText().equals("success"), "zigd's newer state of its own session wins");
            }
        }
        api().get("/api/v1/sessions?workflow=zig-own").then().statusCode(200)
                .body("zig_session_id", hasItem("22222222-2222-4222-8222-222222222222"));
        api().get("/api/v1/sessions/" + before).then().body("status", equalTo("success"));
    }
}
