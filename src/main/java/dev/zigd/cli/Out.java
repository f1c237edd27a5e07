package dev.zigd.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** stdout and stderr as UTF-8 whatever the locale (a C locale would turn ▸ into ?), stored lines as raw bytes. */
final class Out {
    private static final OutputStream STDOUT = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    private static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private Out() {
    }

    static void line(String text) {
        bytes((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(byte[] data) {
        try {
            STDOUT.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void bytes(byte[] data, int off, int len) {
        try {
            STDOUT.write(data, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void flush() {
        try {
            STDOUT.flush();
        } catch (IOException ignored) {
            // stdout closed (a pipe to head): nothing more to say
        }
    }

    /** One line on stderr, prefixed {@code zigd: }. */
    static void error(String message) {
        flush();
        try {
            STDERR.write(("zigd: " + message + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // stderr closed
        }
    }

    /** Raw bytes to stderr (zigd run passes the command's stderr through). */
    static void errBytes(byte[] data, int off, int len) {
        try {
            STDERR.write(data, off, len);
        } catch (IOException ignored) {
            // stderr closed
        }
    }
}
