package dev.zigd.follow;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of some files a process holds open, from {@code /proc/<pid>/fd}. zigd's own descriptors do not count (it
 * only opens a followed log for the moment of a read). Processes of other users cannot be looked into and count as
 * holding nothing: zig runs as the user zigd runs as.
 */
final class Holders {
    private static final Path PROC = Path.of("/proc");
    private static final long SELF = ProcessHandle.current().pid();

    private Holders() {
    }

    /** Whether {@code /proc/<pid>/fd} can be read here (Linux). */
    static boolean available() {
        return Files.isDirectory(PROC.resolve("self").resolve("fd"));
    }

    /** How the kernel names the file in {@code /proc/<pid>/fd} links: no symbolic link left. Blocking. */
    static String linkName(Path file) {
        try {
            return file.toRealPath().toString();
        } catch (IOException e) {
            return file.toAbsolutePath().toString();
        }
    }

    /**
     * The holder of each file (keyed by {@link #linkName}) that a process other than zigd holds open. The processes
     * in {@code firstLook} (the last known holders) are looked into first; the whole of {@code /proc} only when they
     * do not hold every file. Blocking.
     */
    static Map<String, Long> holders(Collection<String> files, Collection<Long> firstLook) {
        Map<String, Long> held = new HashMap<>();
        for (long pid : firstLook) {
            scan(pid, files, held);
        }
        if (held.size() == files.size()) {
            return held;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC)) {
            for (Path process : processes) {
                String name = process.getFileName().toString();
                if (isPid(name) && !firstLook.contains(Long.parseLong(name))) {
                    scan(Long.parseLong(name), files, held);
                    if (held.size() == files.size()) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return held;
    }

    private static void scan(long pid, Collection<String> files, Map<String, Long> held) {
        if (pid == SELF) {
            return;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (files.contains(target)) {
                        held.put(target, pid);
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // exited meanwhile, or another user's process
        }
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
