package dev.zigd.stream;

import static dev.zigd.ApiClient.startSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Clients that leave a stream at once: right after sending the upgrade, or right after reading the 101. Each
 * such stream must leave the hub (health's {@code subscribers}) for good; before the fix a {@code /subscribe}
 * client that left while its filter was being resolved stayed registered forever (Vert.x refused the close
 * handler of the already closed socket with an exception, so nothing ever removed it).
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class StreamLeavingTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @Inject
    EventHub hub;

    @Test
    void streamsWhoseClientLeftAtOnceLeaveTheHub() throws Exception {
        String id = startSession("leaving");
        int before = hub.subscriberCount();
        // A project filter is resolved on a worker (it looks for .git on disk): the client can leave meanwhile.
        String project = TempHome.home().toString();
        String[] targets = { "/api/v1/subscribe?token=" + ApiClient.TOKEN,
                "/api/v1/subscribe?project=" + project + "&token=" + ApiClient.TOKEN,
                "/api/v1/sessions/" + id + "/stream?token=" + ApiClient.TOKEN };
        for (int round = 0; round < 30; round++) {
            for (String target : targets) {
                upgradeAndLeave(target, false);
                assertEquals(101, upgradeAndLeave(target, true), target);
            }
        }
        assertEquals(before, settled(hub::subscriberCount, before),
                "every stream whose client left is gone from the hub (health's subscribers)");
        ApiClient.api().get("/api/v1/health").then().statusCode(200);
    }

    /** Waits (a bounded while) for the figure to come back to {@code expected}; returns the last value seen. */
    private static int settled(IntSupplier figure, int expected) throws InterruptedException {
        int value = figure.getAsInt();
        for (int i = 0; i < 200 && value != expected; i++) {
            Thread.sleep(50);
            value = figure.getAsInt();
        }
        return value;
    }

    /**
     * Sends the upgrade on TCP and closes the socket: at once, or once the response head is read. Returns the
     * status read (0 when it left at once).
     */
    private static int upgradeAndLeave(String target, boolean readAnswer) throws IOException {
        int port = io.restassured.RestAssured.port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + UPGRADE + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            if (!readAnswer) {
                return 0;
            }
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 "), head);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
