package dev.zigd.retention;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import dev.zigd.files.AtomicFile;
import dev.zigd.log.LogReader;

/**
 * Compresses a log to {@link LogReader#archived} (gzip, one per log): a temp file renamed into place, so an
 * archive is either whole or absent; the log is removed only after. A reader opening the log in between finds one
 * of the two ({@link LogReader#openChannel}).
 */
final class LogArchiver {

    private LogArchiver() {
    }

    /** Returns the archive's size. Blocking. Idempotent: an archive left by an interrupted run is written again. */
    static long archive(Path log, boolean durable) throws IOException {
        Path target = LogReader.archived(log);
        // The shared atomic replacement: an unpredictable temp name created exclusively (no link followed), the
        // mode of a private file, fsync and rename; the gzip stream is finished, not closed (AtomicFile closes).
        try (InputStream in = Files.newInputStream(log)) {
            AtomicFile.write(target, durable, out -> {
                GZIPOutputStream gzip = new GZIPOutputStream(out, 65536);
                in.transferTo(gzip);
                gzip.finish();
            });
        }
        return Files.size(target);
    }
}
