package dev.zigd.retention;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

import dev.zigd.files.AtomicFile;
import dev.zigd.log.LogReader;

/**
 * Compresses a log to {@link LogReader#archived} (gzip, one per log): a temp file renamed into place, so an
 * archive is either whole or absent; the log is removed only after. A reader opening the log in between finds one
 * of the two ({@link LogReader#open}).
 */
final class LogArchiver {

    private LogArchiver() {
    }

    /** Returns the archive's size. Blocking. Idempotent: an archive left by an interrupted run is written again. */
    static long archive(Path log, boolean durable) throws IOException {
        Path target = LogReader.archived(log);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (InputStream in = Files.newInputStream(log);
                FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream gzip = new GZIPOutputStream(Channels.newOutputStream(channel), 65536);
            in.transferTo(gzip);
            gzip.flush();
            ((GZIPOutputStream) gzip).finish();
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
            AtomicFile.fsyncDirectory(dir);
        }
        return Files.size(target);
    }
}
