package dev.zigd.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the process an entry names is still running: the pid exists, is not a zombie, and is the same process,
 * that is it did not start after the pid was recorded (a later start means the pid was reused).
 *
 * <p>Start times come from {@link ProcessHandle.Info#startInstant()} (on Linux: {@code /proc/<pid>/stat}'s start
 * ticks plus the boot time, which {@code /proc/stat} gives in whole seconds), so {@link #SLACK} is allowed.
 * A process of another user counts as alive: {@code /proc/<pid>/stat} is readable by everyone (unless /proc is
 * mounted with {@code hidepid}, where such a process looks gone).
 */
public final class Liveness {
    /** Clock granularity of process start times (boot time in whole seconds, start in clock ticks). */
    static final Duration SLACK = Duration.ofSeconds(1);
    private static final Path PROC = Path.of("/proc");
    private static final boolean HAS_PROC = Files.isDirectory(PROC.resolve("self"));

    private Liveness() {
    }

    /**
     * @param pid the entry's pid
     * @param recordedAt when the pid was recorded (the entry's {@code started_at}, or later when the pid was
     *            changed); null when unknown, then reuse is not checked
     */
    public static boolean isAlive(long pid, Instant recordedAt) {
        if (pid <= 0) {
            return false;
        }
        if (HAS_PROC && isZombieOrGone(pid)) {
            return false;
        }
        Optional<ProcessHandle> handle;
        try {
            handle = ProcessHandle.of(pid);
        } catch (SecurityException e) {
            return true;
        }
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        if (recordedAt == null) {
            return true;
        }
        Optional<Instant> started = handle.get().info().startInstant();
        return started.isEmpty() || !started.get().isAfter(recordedAt.plus(SLACK));
    }

    /** Reads the state letter of {@code /proc/<pid>/stat}: {@code Z} (zombie), {@code X} (dead), or no such pid. */
    private static boolean isZombieOrGone(long pid) {
        byte[] stat;
        try {
            stat = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return !Files.exists(PROC.resolve(Long.toString(pid)));
        }
        // "<pid> (<comm>) <state> ...": comm may hold spaces and parentheses, so look after the last ')'.
        String text = new String(stat, StandardCharsets.ISO_8859_1);
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.length()) {
            return false;
        }
        char state = text.charAt(close + 2);
        return state == 'Z' || state == 'X' || state == 'x';
    }
}
