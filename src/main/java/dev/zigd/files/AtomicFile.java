package dev.zigd.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;

/**
 * Replaces a file so that a reader sees either the old or the new content, never a mix, even across a crash:
 * write a sibling temp file, fsync it, rename it over the target, fsync the directory.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();

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
        write(target, durable, out -> out.write(content));
    }

    /** What {@link #write(Path, boolean, Producer)} writes: the whole content, to a stream it must not close. */
    @FunctionalInterface
    public interface Producer {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * The same replacement, with content produced into a stream: a large file (a journal of 100,000 sessions) is
     * written without ever being in memory whole.
     */
    public static void write(Path target, boolean durable, Producer content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        PrivateFiles.ensureDirectory(dir);
        // An unpredictable name, created exclusively (O_EXCL does not follow a link): a link planted at the temp name
        // cannot make zigd write through it. The new file has the mode of the one it replaces, or 0600.
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toUnsignedString(RANDOM.nextLong(), 36));
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(modeFor(target)))) {
            java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel),
                    64 * 1024);
            content.writeTo(out);
            out.flush();
            if (durable) {
                channel.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        try {
            Files.setPosixFilePermissions(temp, modeFor(target)); // the umask may have taken bits away
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        if (durable) {
            fsyncDirectory(dir);
        }
    }

    /** An existing regular file keeps its mode (zig may have made it 0644 on purpose); a new one is 0600. */
    private static Set<PosixFilePermission> modeFor(Path target) {
        try {
            PosixFileAttributes existing = Files.readAttributes(target, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return existing.isRegularFile() ? existing.permissions() : PrivateFiles.OWNER_ONLY_FILE;
        } catch (IOException e) {
            return PrivateFiles.OWNER_ONLY_FILE;
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
        Files.copy(file, aside, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return aside;
    }
}
