package dev.zigd.it;

import dev.zigd.TestFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.zigd.UnixHttp;

/** The packaged daemon ({@code target/quarkus-app}) run as a real process on its own home directory. */
final class DaemonProcess implements AutoCloseable {
    final Path home;
    final Path socket;
    final int port;
    final Path logFile;
    private final Process process;

    private DaemonProcess(Path home, Path socket, int port, Process process, Path logFile) {
        this.home = home;
        this.socket = socket;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    static DaemonProcess start(Path home, String... extraProperties) throws Exception {
        int port = freePort();
        List<String> properties = new ArrayList<>(List.of("-Dzigd.home=" + home, "-Dquarkus.http.port=" + port));
        properties.addAll(List.of(extraProperties));
        return start(home, port, properties, Map.of());
    }

    /** On a given port, e.g. the port of a daemon that was stopped, so a browser page reconnects to the new one. */
    static DaemonProcess startOnPort(Path home, int port, String... extraProperties) throws Exception {
        List<String> properties = new ArrayList<>(List.of("-Dzigd.home=" + home, "-Dquarkus.http.port=" + port));
        properties.addAll(List.of(extraProperties));
        return start(home, port, properties, Map.of());
    }

    /** Configured by environment variables only (the contract's keys as ZIGD_HOME, QUARKUS_HTTP_PORT, …). */
    static DaemonProcess startWithEnvironment(Path home, Map<String, String> environment) throws Exception {
        int port = freePort();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("ZIGD_HOME", home.toString());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return start(home, port, List.of(), env);
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** What a daemon that refuses to start did: its exit status and everything it printed. */
    record Refusal(int exitStatus, String output) {
    }

    /** Runs the packaged daemon with these properties and waits (30 s at most) for it to exit on its own. */
    static Refusal runExpectingRefusal(String... properties) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        Path log = Files.createTempFile("zigd-it-refused", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the daemon did not refuse to start: " + Files.readString(log));
            }
            String output = Files.readString(log);
            Files.delete(log);
            return new Refusal(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }

    private static DaemonProcess start(Path home, int port, List<String> properties, Map<String, String> env)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(properties);
        command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        Path log = TestFiles.file("zigd-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Path socket = env.containsKey("ZIGD_SOCKET") ? Path.of(env.get("ZIGD_SOCKET")) : home.resolve(".zig/zigd.sock");
        DaemonProcess daemon = new DaemonProcess(home, socket, port, process, log);
        daemon.awaitReady(Duration.ofSeconds(30));
        return daemon;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("daemon exited: " + Files.readString(logFile));
            }
            try {
                if (UnixHttp.request(socket, "GET", "/api/v1/health", null).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("daemon not ready within " + timeout + ": " + Files.readString(logFile));
    }

    UnixHttp.Reply call(String method, String path, String body) throws IOException {
        return UnixHttp.request(socket, method, path, body);
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then wait for the process to exit. */
    int terminate(Duration timeout) throws Exception {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("daemon did not stop within " + timeout);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, nothing pending is written. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String output() throws IOException {
        return Files.readString(logFile);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
