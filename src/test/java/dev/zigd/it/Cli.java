package dev.zigd.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real {@code bin/zigd} client run as a process, on a given home, with the test JVM's java. */
final class Cli {
    record Result(int exit, String out, byte[] outBytes, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();

    Cli(Path home) {
        this.home = home;
    }

    Cli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    ProcessBuilder builder(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of("bin/zigd").toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ZIGD_URL");
        builder.environment().remove("ZIGD_TOKEN");
        builder.environment().put("ZIGD_HOME", home.toString());
        builder.environment().put("ZIGD_JAVA", ProcessHandle.current().info().command().orElse("java"));
        builder.environment().putAll(env);
        return builder;
    }

    Result run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    Result runWithInput(String stdin, String... args) throws Exception {
        Path out = Files.createTempFile("zigd-cli-out", ".txt");
        Path err = Files.createTempFile("zigd-cli-err", ".txt");
        try {
            ProcessBuilder builder = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().close();
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("zigd " + String.join(" ", args) + " did not finish in 60 s");
            }
            byte[] bytes = Files.readAllBytes(out);
            return new Result(process.exitValue(), new String(bytes, StandardCharsets.UTF_8), bytes,
                    Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A long-running command (listen, subscribe, run) with its output going to files the test reads. */
    Running start(String... args) throws IOException {
        Path out = Files.createTempFile("zigd-cli-out", ".txt");
        Path err = Files.createTempFile("zigd-cli-err", ".txt");
        Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(process, out, err);
    }

    record Running(Process process, Path out, Path err) implements AutoCloseable {
        byte[] outBytes() throws IOException {
            return Files.readAllBytes(out);
        }

        String outText() throws IOException {
            return Files.readString(out);
        }

        String errText() throws IOException {
            return Files.readString(err);
        }

        int await() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the client did not exit in 60 s");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws IOException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
