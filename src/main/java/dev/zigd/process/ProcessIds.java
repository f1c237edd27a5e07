package dev.zigd.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which pids zigd may record or signal. On Linux a thread id is also a valid argument to {@code kill(2)}, which then
 * signals the thread's whole process: {@code /proc/<tid>} exists for every thread, though {@code /proc} does not
 * list it. So a "pid" that is a thread id of zigd would stop zigd itself. Only thread-group leaders (real process
 * ids) pass; pid 1, zigd and zigd's own threads never do, whatever an entry says.
 */
final class ProcessIds {
    private static final Path PROC = Path.of("/proc");
    private static final long SELF = ProcessHandle.current().pid();

    private ProcessIds() {
    }

    /** Null when {@code pid} may be recorded or signalled, else why not (for a 400 message). */
    static String whyRefused(long pid) {
        if (pid <= 1) {
            return "pid " + pid + " is init (or not a process)";
        }
        if (pid == SELF) {
            return "pid " + pid + " is zigd itself";
        }
        long leader = threadGroupOf(pid);
        if (leader == SELF) {
            return "pid " + pid + " is a thread of zigd itself";
        }
        if (leader > 0 && leader != pid) {
            return "pid " + pid + " is a thread of process " + leader + ", not a process id";
        }
        return null;
    }

    /** The {@code Tgid} of {@code /proc/<pid>/status}; -1 when it cannot be read (no such pid, no /proc). */
    static long threadGroupOf(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Tgid:")) {
                    return Long.parseLong(line.substring(5).strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
