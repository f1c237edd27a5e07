package dev.zigd.retention;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which session logs another process holds open right now (zig writing its own session, a {@code tail -f}), read
 * from {@code /proc/<pid>/fd} (Linux). zigd's own descriptors do not count: its readers and streams end cleanly
 * when a log goes. Processes whose descriptors cannot be read (another user's) are not seen. Elsewhere than Linux
 * nothing is seen. One scan per clean-up run, not per session.
 */
final class HeldOpen {
    private static final Path PROC = Path.of("/proc");

    private HeldOpen() {
    }

    /** Open {@code .jsonl} paths and a pid holding each. Blocking. */
    static Map<Path, Long> scan() {
        Map<Path, Long> open = new HashMap<>();
        if (!Files.isDirectory(PROC)) {
            return open;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC)) {
            for (Path pidDir : pids) {
                long pid = pidOf(pidDir.getFileName().toString());
                if (pid <= 0 || pid == self) {
                    continue;
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pidDir.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            Path target = Files.readSymbolicLink(fd);
                            if (target.toString().endsWith(".jsonl")) {
                                open.put(target, pid);
                            }
                        } catch (IOException closedMeanwhile) {
                            // the descriptor went away between listing and reading
                        }
                    }
                } catch (IOException | SecurityException notOurs) {
                    // exited, or another user's process
                }
            }
        } catch (IOException e) {
            return open;
        }
        return open;
    }

    private static long pidOf(String name) {
        long pid = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || i > 18) {
                return -1;
            }
            pid = pid * 10 + (c - '0');
        }
        return pid;
    }
}
