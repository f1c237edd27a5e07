package dev.zigd.follow;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which of some files a process holds open, from {@code /proc/<pid>/fd}: one walk over the processes the daemon's
 * user may look into, whatever the number of files asked about. zigd's own descriptors do not count (it only opens a
 * followed log for the moment of a read). Processes of other users cannot be looked into and count as holding
 * nothing: zig runs as the user zigd runs as.
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

    /** The files of {@code files} some other process has open. Blocking: one pass over {@code /proc}. */
    static Set<Path> held(Collection<Path> files) {
        // The links name the file as the kernel resolved it (no symbolic links left).
        Map<String, Path> wanted = new HashMap<>();
        for (Path file : files) {
            try {
                wanted.put(file.toRealPath().toString(), file);
            } catch (IOException e) {
                wanted.put(file.toAbsolutePath().toString(), file);
            }
        }
        Set<Path> held = new HashSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC)) {
            for (Path process : processes) {
                String name = process.getFileName().toString();
                if (!isPid(name) || Long.parseLong(name) == SELF) {
                    continue;
                }
                scan(process.resolve("fd"), wanted, held);
                if (held.size() == wanted.size()) {
                    break;
                }
            }
        } catch (IOException e) {
            // /proc went away: nothing is known to be held; the caller treats that as "cannot tell".
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        return held;
    }

    private static void scan(Path fdDir, Map<String, Path> wanted, Set<Path> held) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    Path file = wanted.get(Files.readSymbolicLink(fd).toString());
                    if (file != null) {
                        held.add(file);
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
