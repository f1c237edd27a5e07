package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;

/**
 * 1,000 TCP connections that send half a request and then nothing (no token needed for that) must not lock
 * anyone out: the Unix socket answers at once, the daemon closes the half-open connections after the idle
 * timeout, and a TCP request with the token is then served.
 */
class HalfOpenConnectionsIT {
    private static final String TOKEN = "half-open-token";

    @Test
    void halfOpenTcpConnectionsNeitherLockOutTheSocketNorStayForever() throws Exception {
        Path home = TestFiles.dir("zigd-halfopen");
        List<Socket> halfOpen = new ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.token=" + TOKEN,
                "-Dzigd.connections.idle-timeout=3s", "-Dzigd.connections.max-tcp=200")) {
            for (int i = 0; i < 1000; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress("127.0.0.1", daemon.port), 5000);
                    socket.getOutputStream().write("GET /api/v1/sessions HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
                    halfOpen.add(socket);
                } catch (IOException refused) {
                    socket.close(); // over the cap: closed by the daemon, as it should be
                }
            }

            // The owner's socket answers while the TCP side is full.
            UnixHttp.Reply health = daemon.call("GET", "/api/v1/health", null);
            assertEquals(200, health.status(), health.body());
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"owner\",\"workflow_path\":\"/w\"}");
            assertEquals(201, started.status(), started.body());

            // Every half-open connection is closed by the daemon (idle timeout or cap), not left holding a descriptor.
            for (Socket socket : halfOpen) {
                socket.setSoTimeout(30_000);
                InputStream in = socket.getInputStream();
                try {
                    while (in.read() >= 0) {
                        // a rejection may send bytes first; wait for the close
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a half-open connection was still open after 30 s", e);
                } catch (IOException reset) {
                    // closed with a reset: closed all the same
                }
            }

            // And a TCP client with the token is served again.
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port
                    + "/api/v1/sessions")).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(list.body().contains("owner"));
            daemon.terminate(Duration.ofSeconds(20));
        } finally {
            for (Socket socket : halfOpen) {
                socket.close();
            }
        }
    }
}
