package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;
import dev.zigd.stream.WsProbe;

/**
 * A stream with nothing to say is not an idle connection: the stream routes (served on Vert.x's WebSocket, where
 * websockets-next's auto-ping does not reach) ping their clients, so the idle timeout only closes connections on
 * which nothing moves. Before the fix a quiet {@code /subscribe} or session stream was closed (1006) after
 * {@code zigd.connections.idle-timeout}.
 */
class QuietStreamsIT {

    @Test
    void quietStreamsOutliveTheIdleTimeout() throws Exception {
        Path home = TestFiles.dir("zigd-quiet");
        try (DaemonProcess daemon = DaemonProcess.start(home, "-Dzigd.connections.idle-timeout=2s")) {
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions",
                    "{\"workflow_name\":\"quiet\",\"workflow_path\":\"/w/quiet.zwf\"}");
            assertEquals(201, started.status(), started.body());
            String id = started.body().replaceAll(".*\"zig_session_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            try (WsProbe subscribe = WsProbe.unix(daemon.socket, "/api/v1/subscribe");
                    WsProbe stream = WsProbe.unix(daemon.socket, "/api/v1/sessions/" + id + "/stream?after_seq=1")) {
                Thread.sleep(8_000); // four idle timeouts with nothing to send
                UnixHttp.Reply appended = daemon.call("POST", "/api/v1/sessions/" + id + "/events",
                        dev.zigd.ApiClient.output("s", "after the quiet"));
                assertEquals(200, appended.status(), appended.body());
                subscribe.awaitFrames(1, Duration.ofSeconds(10));
                stream.awaitFrames(1, Duration.ofSeconds(10));
                assertTrue(subscribe.frames.size() == 1 && subscribe.frames.get(0).contains("after the quiet"),
                        "the quiet /subscribe stream is still open: " + subscribe.frames);
                assertTrue(stream.frames.size() == 1 && stream.frames.get(0).contains("after the quiet"),
                        "the quiet session stream is still open: " + stream.frames);
            }
            daemon.terminate(Duration.ofSeconds(20));
        }
    }
}
