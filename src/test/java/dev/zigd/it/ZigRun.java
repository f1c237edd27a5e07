package dev.zigd.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.zigd.follow.FakeZig;

/** A {@link FakeZig} child process: zig writing its own sessions, with no zigd in between. */
final class ZigRun implements AutoCloseable {
    final Process process;
    final List<String> ids = new ArrayList<>();
    final List<Path> logs = new ArrayList<>();
    private final BufferedReader out;
    private final PrintStream in;

    private ZigRun(Process process, int sessions) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        for (int i = 0; i < sessions; i++) {
            String[] line = readLine().split(" ");
            ids.add(line[1]);
            logs.add(Path.of(line[2]));
        }
    }

    /** Starts zig's writer for {@code sessions} sessions of {@code workflow} in project dir {@code project}. */
    static ZigRun start(Path home, String project, String workflow, long heartbeatMs, int sessions) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), FakeZig.class.getName(), home.toString(), project, workflow,
                Long.toString(heartbeatMs), Integer.toString(sessions))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new ZigRun(process, sessions);
    }

    String id() {
        return ids.get(0);
    }

    Path log() {
        return logs.get(0);
    }

    /** Sends one command and waits for its {@code ok}. */
    void send(String command) throws IOException {
        in.println(command);
        String answer = readLine();
        if (!answer.equals("ok")) {
            throw new IOException("zig answered " + answer + " to " + command);
        }
    }

    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " failed");
        }
    }

    private String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("zig exited");
        }
        return line;
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                signal("CONT"); // a stopped process is killed just as well, but let it go in order
            } catch (IOException exitedMeanwhile) {
                // it was exiting
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
