package dev.zigd.cli;

import sun.misc.Signal;

/**
 * Signals for the commands that run until something happens. While {@code zigd run} waits for its command: Ctrl-C (SIGINT) reaches the command from the terminal by itself, so
 * zigd run ignores it and records how the command ended; SIGTERM and SIGHUP sent to zigd run are passed on to the
 * command. (SIGKILL cannot be caught: the daemon's lease ends the session then.)
 */
final class Signals {
    private Signals() {
    }

    /** Ctrl-C ends a follower with 130 (128 + SIGINT) after flushing what it printed, even where SIGINT came in ignored. */
    static void exitOnInterrupt() {
        try {
            Signal.handle(new Signal("INT"), signal -> {
                Out.flush();
                Runtime.getRuntime().halt(130);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT here: the JVM's default stays
        }
    }

    static void forwardTo(Process process) {
        try {
            Signal.handle(new Signal("INT"), signal -> { });
            Signal.handle(new Signal("TERM"), signal -> process.destroy());
            Signal.handle(new Signal("HUP"), signal -> process.destroy());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // a platform without these signals: the JVM's defaults stay
        }
    }
}
