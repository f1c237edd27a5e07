package dev.zigd.cli;

/** A failure the user sees as one line on stderr ({@code zigd: <message>}) and an exit status; never a trace. */
final class CliException extends RuntimeException {
    /** Exit statuses shared by every command (docs/cli.md "Exit status"). */
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;
    static final int REFUSED = 4;

    final int exitStatus;

    CliException(int exitStatus, String message) {
        super(message, null, false, false);
        this.exitStatus = exitStatus;
    }
}
