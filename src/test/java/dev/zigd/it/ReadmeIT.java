package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.zigd.TestFiles;

/**
 * The README's "Quick start" works when pasted: its shell blocks, taken from README.md itself, run in order as
 * one bash script against the packaged daemon (bin/zigd), with HOME and TMPDIR in a temp directory, so the
 * scratch home the README makes (and anything that would go to ~) stays out of the user's files.
 */
class ReadmeIT {

    @Test
    void theQuickStartRunsAsPasted() throws Exception {
        List<String> blocks = quickStartBlocks(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
        assertTrue(blocks.size() >= 2, "README.md has a Quick start with shell blocks");

        Path sandbox = TestFiles.dir("zigd-readme");
        Path home = Files.createDirectories(sandbox.resolve("home"));
        Path tmp = Files.createDirectories(sandbox.resolve("tmp"));
        Path script = sandbox.resolve("quick-start.sh");
        // Stop the daemon the README started whatever happens (the README stops it itself as its last step).
        Files.writeString(script, "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n"
                + String.join("\n", blocks) + "\n");
        Path output = sandbox.resolve("output.txt");

        ProcessBuilder bash = new ProcessBuilder("bash", script.toString()).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        bash.environment().keySet().removeIf(name -> name.startsWith("ZIGD_") || name.startsWith("QUARKUS_"));
        bash.environment().put("HOME", home.toString());
        bash.environment().put("TMPDIR", tmp.toString());
        bash.environment().put("QUARKUS_HTTP_PORT", Integer.toString(DaemonProcess.freePort()));
        Process process = bash.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertTrue(finished, "the quick start did not finish within 2 minutes:\n" + printed);
        assertEquals(0, process.exitValue(), "the quick start failed when pasted:\n" + printed);
        assertTrue(printed.contains("exit status: 3"), "zigd run passed the command's exit status back:\n" + printed);
        assertTrue(printed.contains("\"status\":\"success\""), "the curl example ended its session:\n" + printed);
        try (var left = Files.list(home)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".zig")).toList(),
                    "the quick start touched nothing in ~ (it runs on a scratch home)");
        }
    }

    /** The ```sh blocks between "## Quick start" and the next "## " heading. */
    static List<String> quickStartBlocks(List<String> readme) {
        List<String> blocks = new ArrayList<>();
        boolean inSection = false;
        StringBuilder block = null;
        for (String line : readme) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Quick start");
            } else if (inSection && block == null && line.equals("```sh")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }
}
