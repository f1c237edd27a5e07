package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;

/**
 * Files in the home that zigd cannot read as they are: never silently replaced, never a hang. An index that is
 * not a regular file (a FIFO: a plain read would block forever) is moved aside, named in health's
 * {@code storage_problems} and replaced by a fresh index; a FIFO at {@code processes.json} does not wedge the
 * process store: the daemon answers, and the store works again once the FIFO is moved away.
 */
class UnreadableFilesIT {

    @Test
    void anIndexThatIsNotARegularFileIsMovedAsideAndReported() throws Exception {
        Path home = TestFiles.dir("zigd-it-unreadable-index");
        Path zig = Files.createDirectories(home.resolve(".zig"));
        Path index = zig.resolve("sessions_index.json");
        mkfifo(index);

        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            UnixHttp.Reply health = daemon.call("GET", "/api/v1/health", null);
            assertEquals(200, health.status(), health.body());
            assertTrue(health.body().contains("sessions_index.json") && health.body().contains("storage_problems"),
                    "health names the index it kept aside: " + health.body());
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions",
                    "{\"workflow_name\":\"after\",\"workflow_path\":\"/w/after.zwf\"}");
            assertEquals(201, started.status(), started.body());
            try (var files = Files.list(zig)) {
                List<String> aside = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("sessions_index.json.")).toList();
                assertEquals(1, aside.size(), "the FIFO is kept aside under another name: " + aside);
            }
            for (int i = 0; i < 50 && !Files.isRegularFile(index); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.isRegularFile(index), "a fresh index is written in its place");
        }
    }

    @Test
    void aFifoAtTheProcessStoreDoesNotWedgeTheDaemon() throws Exception {
        Path home = TestFiles.dir("zigd-it-fifo-store");
        Path zag = Files.createDirectories(home.resolve(".zag"));
        Path store = zag.resolve("processes.json");
        mkfifo(store);

        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            assertEquals(200, daemon.call("GET", "/api/v1/health", null).status());
            Process child = new ProcessBuilder("sleep", "60").start();
            try {
                String body = "{\"pid\":" + child.pid() + ",\"provider\":\"p\",\"model\":\"m\",\"command\":\"run\"}";
                UnixHttp.Reply refused = daemon.call("POST", "/api/v1/processes", body);
                assertFalse(refused.status() < 300, "no entry is accepted into a store that cannot be written");
                assertTrue(refused.body().contains("not a regular file"), refused.body());
                assertEquals(200, daemon.call("GET", "/api/v1/sessions", null).status(), "the rest answers");

                Files.delete(store);
                UnixHttp.Reply registered = daemon.call("POST", "/api/v1/processes", body);
                assertEquals(201, registered.status(), registered.body());
                assertTrue(Files.isRegularFile(store));
            } finally {
                child.destroy();
            }
        }
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo " + path);
    }
}
