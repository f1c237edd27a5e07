package dev.zigd.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import static dev.zigd.ApiClient.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the ingest WebSocket refuses: a binary frame is answered with the error document (it used to get no answer
 * at all) and writes nothing; a text message that is not valid UTF-8 (a stray byte, an overlong form, a surrogate)
 * closes the connection with 1007 and writes nothing (it used to be stored with U+FFFD). A message split over
 * several frames is one message.
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

    @Test
    void invalidUtf8ClosesWith1007AndWritesNothing() throws Exception {
        String id = ApiClient.startSession("invalid-utf8");
        byte[][] invalid = {
                { (byte) 0xff }, // never valid
                { (byte) 0xc0, (byte) 0xaf }, // '/' in an overlong form
                { (byte) 0xed, (byte) 0xa0, (byte) 0x80 }, // a UTF-16 surrogate
                { (byte) 0xe2, (byte) 0x82 }, // cut short
        };
        for (byte[] bad : invalid) {
            try (WsProbe ws = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
                ws.writeFrame(1, withInside(ApiClient.output("s", "bad: X"), bad));
                assertEquals(1007, ws.awaitClose(Duration.ofSeconds(10)));
                assertEquals(0, ws.frames.size(), "no ack: " + ws.frames);
            }
        }
        assertEquals(1, eventCount(id), "nothing but zig_session_started was written");
        try (WsProbe ws = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            assertEquals("{\"ack\":2}", ws.send(ApiClient.output("s", "valid \u20ac and \ud83d\ude00")));
        }
        assertEquals(2, eventCount(id));
    }

    @Test
    void aMessageOverSeveralFramesIsOneMessageEvenWithACharacterSplitBetweenThem() throws Exception {
        String id = ApiClient.startSession("fragments");
        byte[] whole = ApiClient.output("s", "euro \u20ac end").getBytes(StandardCharsets.UTF_8);
        int euro = new String(whole, StandardCharsets.ISO_8859_1).indexOf('\u00e2'); // the € starts with 0xe2
        try (WsProbe ws = WsProbe.unix(socket(), "/api/v1/sessions/" + id + "/ingest")) {
            ws.writeFrame(false, 1, java.util.Arrays.copyOfRange(whole, 0, euro + 1));
            ws.writeFrame(false, 0, java.util.Arrays.copyOfRange(whole, euro + 1, euro + 2));
            ws.writeFrame(true, 0, java.util.Arrays.copyOfRange(whole, euro + 2, whole.length));
            ws.awaitFrames(1, Duration.ofSeconds(10));
            assertEquals("{\"ack\":2}", ws.frames.get(0));
        }
        String stored = api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().path("events[1].line");
        assertEquals("euro \u20ac end", stored);
    }

    private static java.nio.file.Path socket() {
        return TempHome.home().resolve(".zig/zigd.sock");
    }

    private static int eventCount(String id) {
        return api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().path("events.size()");
    }

    /** {@code text} with its {@code X} replaced by {@code bytes}. */
    private static byte[] withInside(String text, byte[] bytes) {
        int at = text.indexOf('X');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(text.substring(at + 1).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
