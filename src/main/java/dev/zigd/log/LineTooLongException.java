package dev.zigd.log;

import java.io.IOException;

/** A stored line longer than the reader's line budget: it is never loaded into memory. */
public final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    public LineTooLongException(java.nio.file.Path file, long offset, long budget) {
        super("a line of " + file + " at byte " + offset + " is longer than the read budget of " + budget + " bytes");
    }
}
