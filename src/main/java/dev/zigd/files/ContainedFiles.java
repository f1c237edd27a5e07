package dev.zigd.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens a file that an index or a lease named, only if it lies under zigd's own directory and without following a
 * link: a symlink planted in {@code <home>/.zig}, or an index entry whose {@code log_path} names any other file,
 * must not make zigd cut, truncate or append to a file of the planter's choosing.
 */
public final class ContainedFiles {
    private ContainedFiles() {
    }

    /**
     * @throws IOException when {@code file} is outside {@code root} (its directories' links resolved), or is itself a
     *             link (ELOOP), or cannot be opened
     */
    public static FileChannel open(Path root, Path file, OpenOption... options) throws IOException {
        Path normal = file.toAbsolutePath().normalize();
        Path parent = normal.getParent();
        if (!normal.startsWith(root.toAbsolutePath().normalize()) || parent == null
                || !parent.toRealPath().startsWith(root.toRealPath())) {
            throw new IOException(file + " is not inside " + root + "; zigd does not open it");
        }
        Set<OpenOption> all = new HashSet<>(List.of(options));
        all.add(LinkOption.NOFOLLOW_LINKS);
        return FileChannel.open(normal, all);
    }
}
