package dev.zigd.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Directories and files only the user may enter or read: every directory and file zigd creates (0700/0600). */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} (and parents) if needed; every directory zigd creates is 0700, existing ones keep their mode. */
    public static void ensureDirectory(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            ensureDirectory(parent);
        }
        try {
            Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            Files.setPosixFilePermissions(absolute, OWNER_ONLY_DIR); // the umask may have taken bits away
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
    }

    /** For {@code FileChannel.open}/{@code Files.createFile}: a new file is 0600 from its first moment. */
    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
    }

    /**
     * Creates {@code file} with mode 0600 holding {@code content}, unless it already exists; the mode is set at
     * creation so the content is never readable by others, even for a moment.
     */
    public static boolean createOwnerOnly(Path file, byte[] content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.write(file, content);
        return true;
    }
}
