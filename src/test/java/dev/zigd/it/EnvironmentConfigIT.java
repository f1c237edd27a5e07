package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The contract's configuration keys given as environment variables to the packaged daemon. */
class EnvironmentConfigIT {

    @Test
    void environmentVariablesConfigureHomeSocketPortTokenAndHeartbeat() throws Exception {
        Path home = TestFiles.dir("zigd-env");
        Path socket = TestFiles.dir("zigd-env-sock").resolve("elsewhere.sock");
        try (DaemonProcess daemon = DaemonProcess.startWithEnvironment(home, Map.of("ZIGD_TOKEN", "from-the-environment",
                "ZIGD_SOCKET", socket.toString(), "ZIGD_HEARTBEAT_INTERVAL", "1s"))) {
            assertTrue(Files.exists(socket), "ZIGD_SOCKET moved the socket");
            HttpClient http = HttpClient.newHttpClient();
            URI sessions = URI.create("http://127.0.0.1:" + daemon.port + "/api/v1/sessions");
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(sessions)
                    .header("Authorization", "Bearer from-the-environment")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"workflow_name\":\"env\",\"workflow_path\":\"/w\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, started.statusCode(), "ZIGD_TOKEN and QUARKUS_HTTP_PORT: " + started.body());
            assertTrue(started.body().contains(home.resolve(".zig").toString()), "ZIGD_HOME holds the logs");
            assertEquals(401, http.send(HttpRequest.newBuilder(sessions).header("Authorization", "Bearer other").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            Thread.sleep(2500);
            String id = started.body().replaceAll(".*\"zig_session_id\":\"([^\"]+)\".*", "$1");
            String log = Files.readString(home.resolve(".zig/logs/sessions/" + id + ".jsonl"));
            assertTrue(log.contains("\"type\":\"heartbeat\",\"interval_secs\":1}"), "ZIGD_HEARTBEAT_INTERVAL: " + log);
            daemon.terminate(Duration.ofSeconds(20));
        }
    }
}
