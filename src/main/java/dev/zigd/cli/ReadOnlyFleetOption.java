package dev.zigd.cli;

import picocli.CommandLine.Option;

/**
 * {@code --fleet} on the commands that change something ({@code stop}, {@code kill}, {@code gc}, {@code run}): the
 * fleet view is read-only, so the option only earns a clear error, before anything is sent.
 */
final class ReadOnlyFleetOption {
    @Option(names = "--fleet", description = "Refused: the fleet view is read-only (act on the host's own zigd).")
    boolean fleet;

    /** Throws the read-only error with this exit status when --fleet was given. */
    void refuse(String command, int exitStatus) {
        if (fleet) {
            throw new CliException(exitStatus, "the fleet view is read-only: `zigd " + command + "` acts only on this"
                    + " machine's zigd; run it on the host's own zigd, without --fleet (nothing was sent"
                    + (command.equals("run") ? ", the command was not run)" : ")"));
        }
    }
}
