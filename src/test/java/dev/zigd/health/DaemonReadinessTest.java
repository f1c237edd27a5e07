package dev.zigd.health;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import dev.zigd.config.ZigdPaths;
import dev.zigd.index.SessionIndex;
import dev.zigd.stream.EventHub;

/** Ready until shutdown begins, then DOWN (a supervisor stops sending work); the data are the daemon's own figures. */
class DaemonReadinessTest {

    @Test
    void upUntilShutdownBegins() throws Exception {
        Path home = TestFiles.dir("zigd-readiness");
        DaemonReadiness readiness = new DaemonReadiness(new SessionIndex(new ZigdPaths(home, home.resolve(".zig/zigd.sock"))),
                new EventHub());
        HealthCheckResponse up = readiness.call();
        assertEquals("zigd", up.getName());
        assertEquals(HealthCheckResponse.Status.UP, up.getStatus());
        assertEquals(0L, up.getData().orElseThrow().get("open_sessions"));
        assertEquals(0L, up.getData().orElseThrow().get("subscribers"));

        readiness.onStop(null);
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus());
    }
}
