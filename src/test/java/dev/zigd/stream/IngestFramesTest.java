package dev.zigd.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the ingest WebSocket refuses: a binary frame is answered with the error document (it used to get no answer
 * at all) and writes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class IngestFramesTest {

    @Test
    void aBinaryFrameIsAnsweredAndWritesNothing() throws Exception {
        String id = ApiClient.startSession("binary-frame");
        try (WsProbe ws = WsProbe.tcp(io.restassured.RestAssured.port, "/api/v1/sessions/" + id + "/ingest")) {
            int before = ws.frames.size();
            ws.writeFrame(2, ApiClient.output("s", "binary").getBytes(StandardCharsets.UTF_8));
            ws.awaitFrames(before + 1, Duration.ofSeconds(10));
            assertTrue(ws.frames.size() > before, "a binary frame gets an answer");
            assertTrue(ws.frames.get(before).contains("\"bad_request\""), ws.frames.get(before));
            assertEquals("{\"ack\":2}", ws.send(ApiClient.output("s", "text is fine")));
        }
    }
}
