package dev.zigd.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.stream.WsProbe;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What is refused: a body over {@code zigd.max-body-size} however it is sent (a chunked body announces no size),
 * with 413 JSON and nothing written; an ingest frame over the limit gets a {@code too_large} answer, the connection
 * staying open, while frames under it are taken whatever the transport's defaults (64 KiB frames used to reset the
 * connection). The test profile keeps the default limit, 16 MiB.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class BodyLimitsTest {
    private static final int LIMIT = 16 * 1024 * 1024;

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAndNothingIsWritten() throws Exception {
        String id = ApiClient.startSession("chunked-limit");
        Path log = logOf(id);
        long before = Files.size(log);
        String event = ApiClient.output("s", "x".repeat(1000));
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        byte[] piece = ("[" + event).getBytes(StandardCharsets.UTF_8);
        chunk(chunked, piece);
        byte[] more = ("," + event).getBytes(StandardCharsets.UTF_8);
        for (long sent = piece.length; sent <= LIMIT + 4096; sent += more.length) {
            chunk(chunked, more);
        }
        chunk(chunked, "]".getBytes(StandardCharsets.UTF_8));
        chunked.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        RawHttp.Reply reply = RawHttp.send("POST /api/v1/sessions/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + ApiClient.TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", chunked.toByteArray());
        assertEquals(413, reply.status(), reply.body());
        assertTrue(reply.body().contains("\"too_large\""), reply.body());
        assertEquals(before, Files.size(log), "nothing of the refused body is in the log");
        // A chunked body under the limit is taken as before.
        byte[] small = ("0" + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        chunk(ok, event.getBytes(StandardCharsets.UTF_8));
        ok.write(small);
        RawHttp.Reply accepted = RawHttp.send("POST /api/v1/sessions/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + ApiClient.TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", ok.toByteArray());
        assertEquals(200, accepted.status(), accepted.body());
    }

    @Test
    void ingestFramesFollowTheBodyLimit() throws Exception {
        String id = ApiClient.startSession("frame-limit");
        try (WsProbe ws = WsProbe.tcp(RawHttp.port(), "/api/v1/sessions/" + id + "/ingest")) {
            // 300 KiB in one frame: over Vert.x's 64 KiB frame and 256 KiB message defaults, under the limit.
            String event = ApiClient.output("s", "y".repeat(100 * 1024));
            String frame = event + "\n" + event + "\n" + event;
            assertEquals("{\"ack\":4}", ws.send(frame));
            String tooLarge = ws.send("z".repeat(LIMIT + 1));
            assertTrue(tooLarge.contains("\"too_large\""), tooLarge);
            assertEquals("{\"ack\":5}", ws.send(ApiClient.output("s", "still open")));
        }
    }

    private static void chunk(ByteArrayOutputStream out, byte[] data) {
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static Path logOf(String id) {
        String path = ApiClient.api().get("/api/v1/sessions/" + id).then().statusCode(200).extract().path("log_path");
        if (path == null) {
            path = ApiClient.api().get("/api/v1/sessions/" + id).then().extract().path("session.log_path");
        }
        return Path.of(path);
    }
}
