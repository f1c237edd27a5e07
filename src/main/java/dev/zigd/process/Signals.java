package dev.zigd.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;

/**
 * Sends stop (SIGHUP) and kill (SIGTERM) to a pid. Java has no API for SIGHUP, so {@code kill -s HUP <pid>} is run;
 * SIGTERM is {@link ProcessHandle#destroy()}. Both block briefly: call them from a worker thread, never from an
 * event-loop thread.
 */
final class Signals {
    private static final String KILL = findKill();

    private Signals() {
    }

    /** SIGHUP: zag's "stop", which lets the agent wind down. */
    static void hangUp(long pid) {
        refuseSpecial(pid, "SIGHUP");
        Process kill;
        try {
            kill = new ProcessBuilder(KILL, "-s", "HUP", Long.toString(pid)).redirectErrorStream(true).start();
            kill.getOutputStream().close();
        } catch (IOException e) {
            throw failed("SIGHUP", pid, "cannot run " + KILL + ": " + e.getMessage());
        }
        try (InputStream out = kill.getInputStream()) {
            String output = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw failed("SIGHUP", pid, KILL + " did not finish within 10 s");
            }
            if (kill.exitValue() != 0) {
                throw failed("SIGHUP", pid, output.isEmpty() ? KILL + " exited with " + kill.exitValue() : output);
            }
        } catch (IOException e) {
            throw failed("SIGHUP", pid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("SIGHUP", pid, "interrupted");
        }
    }

    /**
     * SIGTERM. {@link ProcessHandle#destroy()} signals only the process the handle was made for (it checks the
     * start time), so a pid reused between the check and the signal is not hit.
     */
    static void terminate(long pid) {
        refuseSpecial(pid, "SIGTERM");
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            throw failed("SIGTERM", pid, "no such process");
        }
        if (!handle.get().destroy()) {
            throw failed("SIGTERM", pid, "the signal was refused (the process belongs to another user, or exited)");
        }
    }

    /**
     * Never signal zigd itself or one of its threads (SIGHUP or SIGTERM would stop the daemon), init, or any thread
     * id (the signal would hit the thread's whole process). Checked again here, whatever the stored entry says:
     * zag or another program may have written it.
     */
    private static void refuseSpecial(long pid, String signal) {
        String refused = ProcessIds.whyRefused(pid);
        if (refused != null) {
            throw ZigdException.badRequest("refusing to send " + signal + " to pid " + pid + ": " + refused);
        }
    }

    private static ZigdException failed(String signal, long pid, String reason) {
        return new ZigdException(ErrorCode.INTERNAL, "cannot send " + signal + " to pid " + pid + ": " + reason);
    }

    private static String findKill() {
        for (String candidate : new String[] { "/bin/kill", "/usr/bin/kill" }) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "kill";
    }
}
