package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.zigd.UnixHttp;

/**
 * What is refused at start, on the packaged daemon: a second daemon on a home that one already runs on (before it
 * touches any file: it used to load, recover and rewrite the running one's files), a port in use (no token file
 * written), a home that does not exist (not created), a non-socket file at the socket path (not removed). Each
 * refusal is one line saying what to do, no stack trace, a non-zero exit; and a socket in a shared directory
 * leaves that directory's mode alone.
 */
class StartupRefusalIT {
    private final List<Path> homes = new ArrayList<>();

    private Path newHome(String prefix) throws IOException {
        Path home = TestFiles.dir(prefix);
        homes.add(home);
        return home;
    }

    @AfterEach
    void removeHomes() throws IOException {
        for (Path home : homes) {
            try (Stream<Path> all = Files.walk(home)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void aSecondDaemonOnTheSameHomeIsRefusedBeforeItTouchesAFile() throws Exception {
        Path home = newHome("zigd-it-second");
        try (DaemonProcess first = DaemonProcess.start(home)) {
            UnixHttp.Reply started = first.call("POST", "/api/v1/sessions",
                    "{\"workflow_name\":\"w\",\"workflow_path\":\"/w/w.zwf\",\"owner_pid\":" + ProcessHandle.current().pid() + "}");
            assertEquals(201, started.status(), started.body());
            Thread.sleep(500); // the batched index write
            Map<String, byte[]> before = contents(home);

            DaemonProcess.Refusal second = DaemonProcess.runExpectingRefusal("-Dzigd.home=" + home,
                    "-Dquarkus.http.port=" + DaemonProcess.freePort());

            assertNotEquals(0, second.exitStatus(), second.output());
            assertTrue(second.output().contains("another zigd (pid " + first.pid() + ") is already running on " + home),
                    second.output());
            assertTrue(second.output().contains(first.socket.toString()), second.output());
            assertOneLineWithoutStackTrace(second.output());
            Map<String, byte[]> after = contents(home);
            assertEquals(before.keySet(), after.keySet());
            before.forEach((file, bytes) -> assertTrue(java.util.Arrays.equals(bytes, after.get(file)), file + " changed"));
            assertEquals(200, first.call("GET", "/api/v1/health", null).status());
        }
    }

    @Test
    void aPortInUseIsRefusedWithAHintAndNoTokenFile() throws Exception {
        Path home = newHome("zigd-it-port");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DaemonProcess.Refusal refusal = DaemonProcess.runExpectingRefusal("-Dzigd.home=" + home,
                    "-Dquarkus.http.port=" + taken.getLocalPort());
            assertNotEquals(0, refusal.exitStatus(), refusal.output());
            assertTrue(refusal.output().contains("port " + taken.getLocalPort()), refusal.output());
            assertTrue(refusal.output().contains("QUARKUS_HTTP_PORT"), refusal.output());
            assertOneLineWithoutStackTrace(refusal.output());
            assertFalse(Files.exists(home.resolve(".zig/zigd.token")), "no token file before a failed start");
        }
    }

    @Test
    void aHomeThatDoesNotExistIsRefusedNotCreated() throws Exception {
        Path missing = newHome("zigd-it-missing").resolve("nope");
        DaemonProcess.Refusal refusal = DaemonProcess.runExpectingRefusal("-Dzigd.home=" + missing,
                "-Dquarkus.http.port=" + DaemonProcess.freePort());
        assertNotEquals(0, refusal.exitStatus(), refusal.output());
        assertTrue(refusal.output().contains(missing + " does not exist"), refusal.output());
        assertTrue(refusal.output().contains("ZIGD_HOME"), refusal.output());
        assertOneLineWithoutStackTrace(refusal.output());
        assertFalse(Files.exists(missing, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aRegularFileAtTheSocketPathIsLeftAloneAndTheStartRefused() throws Exception {
        Path home = newHome("zigd-it-notsocket");
        Path notSocket = Files.writeString(home.resolve("precious.txt"), "not a socket");
        DaemonProcess.Refusal refusal = DaemonProcess.runExpectingRefusal("-Dzigd.home=" + home,
                "-Dzigd.socket=" + notSocket, "-Dquarkus.http.port=" + DaemonProcess.freePort());
        assertNotEquals(0, refusal.exitStatus(), refusal.output());
        assertTrue(refusal.output().contains("is not a socket"), refusal.output());
        assertOneLineWithoutStackTrace(refusal.output());
        assertEquals("not a socket", Files.readString(notSocket));
    }

    @Test
    void aSocketInASharedDirectoryLeavesTheDirectoryModeAlone() throws Exception {
        Path home = newHome("zigd-it-shared");
        Path shared = Files.createDirectory(home.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (DaemonProcess daemon = DaemonProcess.startWithEnvironment(home,
                Map.of("ZIGD_SOCKET", shared.resolve("zigd.sock").toString()))) {
            assertEquals(200, daemon.call("GET", "/api/v1/health", null).status());
            assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (!PosixFilePermissions.toString(Files.getPosixFilePermissions(daemon.socket)).equals("rw-------")
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(daemon.socket)));
        }
    }

    @Test
    void aKilledDaemonDoesNotBlockTheNextStart() throws Exception {
        Path home = newHome("zigd-it-restart");
        DaemonProcess first = DaemonProcess.start(home);
        first.kill();
        try (DaemonProcess second = DaemonProcess.start(home)) {
            assertEquals(200, second.call("GET", "/api/v1/health", null).status());
        }
    }

    @Test
    void the401NamesTheTokenFileOfTheConfiguredHome() throws Exception {
        Path home = newHome("zigd-it-token");
        try (DaemonProcess daemon = DaemonProcess.start(home)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + daemon.port + "/api/v1/sessions")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
            assertTrue(response.body().contains(home.resolve(".zig/zigd.token").toString()), response.body());
        }
    }

    private static void assertOneLineWithoutStackTrace(String output) {
        assertFalse(output.contains("\tat "), output);
        assertFalse(output.contains("Exception"), output);
        assertTrue(output.strip().lines().filter(line -> line.startsWith("zigd: ")).count() == 1, output);
    }

    /** Every file under the home except the socket, by relative path. */
    private static Map<String, byte[]> contents(Path home) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path file : (Iterable<Path>) all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))::iterator) {
                files.put(home.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
