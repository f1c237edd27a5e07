package dev.zigd.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Replaces a file so that a reader sees either the old or the new content, never a mix, even across a crash:
 * write a sibling temp file, fsync it, rename it over the target, fsync the directory.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /**
     * The same replacement; with {@code durable} false the two fsyncs are left out: readers still never see a
     * mix, but the new content may be lost with the machine (not with the daemon).
     */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Per thread too: two workers may replace the same small file (a lease) at once.
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (durable) {
                channel.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        if (durable) {
            fsyncDirectory(dir);
        }
    }

    /** Makes a rename or a newly created file in {@code dir} durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Moves a file that cannot be parsed aside as {@code <name>.corrupt-<timestamp>} so that nothing is lost
     * when the daemon writes a fresh one; returns where it went.
     */
    public static Path keepAside(Path file) throws IOException {
        String stamp = Instant.now().toString().replace(':', '-');
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        Files.copy(file, aside, StandardCopyOption.COPY_ATTRIBUTES);
        return aside;
    }
}
