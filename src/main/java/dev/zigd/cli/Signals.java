package dev.zigd.cli;

import sun.misc.Signal;

/**
 * While {@code zigd run} waits for its command: Ctrl-C (SIGINT) reaches the command from the terminal by itself, so
 * zigd run ignores it and records how the command ended; SIGTERM and SIGHUP sent to zigd run are passed on to the
 * command. (SIGKILL cannot be caught: the daemon's lease ends the session then.)
 */
final class Signals {
    private Signals() {
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
