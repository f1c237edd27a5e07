package dev.zigd.lease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.zigd.config.ZigdConfig.Durability;
import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;
import dev.zigd.error.ErrorCode;
import dev.zigd.error.ZigdException;
import dev.zigd.event.ZigJson;
import dev.zigd.files.AtomicFile;
import dev.zigd.files.PrivateFiles;

/**
 * Leases on disk, so that they survive a restart or a crash: one small file per session zigd manages,
 * {@code <home>/.zig/zigd-leases/<id>.json}, written before the session's first line and removed once it ended.
 * One file per session keeps the cost of a start or an end independent of how many sessions are open.
 */
@Singleton
public class LeaseFiles {
    private static final Logger LOG = Logger.getLogger(LeaseFiles.class);

    /** What a restarted daemon needs to judge a session's owner. */
    public record LeaseRecord(String zigSessionId, Long ownerPid, boolean ingest) {
    }

    private final Path dir;
    private final boolean fsync;

    public LeaseFiles(ZigdPaths paths, ZigdConfig config) {
        this.dir = paths.leasesDir();
        this.fsync = config.durability() == Durability.FSYNC;
    }

    /** Blocking. */
    public void write(LeaseRecord lease) {
        try {
            PrivateFiles.ensureDirectory(dir);
            AtomicFile.write(file(lease.zigSessionId()), ZigJson.compact(lease).getBytes(StandardCharsets.UTF_8), fsync);
        } catch (IOException e) {
            // A full disk is a storage failure like any other, not an internal error.
            throw new ZigdException(ErrorCode.STORAGE_FAILED, "cannot write lease " + file(lease.zigSessionId()) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    public Optional<LeaseRecord> read(String sessionId) {
        try {
            byte[] bytes;
            try (InputStream in = Channels.newInputStream(FileChannel.open(file(sessionId), StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS))) {
                bytes = in.readNBytes(64 * 1024); // a lease is a few hundred bytes
            }
            return Optional.of(ZigJson.MAPPER.readValue(bytes, LeaseRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warnf("unreadable lease %s: %s", file(sessionId), e.getMessage());
            return Optional.empty();
        }
    }

    public void delete(String sessionId) {
        try {
            Files.deleteIfExists(file(sessionId));
        } catch (IOException e) {
            LOG.warnf("cannot delete lease %s: %s", file(sessionId), e.getMessage());
        }
    }

    /** Ids of every lease on disk. */
    public List<String> all() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".json".length()));
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", dir, e.getMessage());
        }
        return ids;
    }

    private Path file(String sessionId) {
        return dir.resolve(sessionId + ".json");
    }
}
