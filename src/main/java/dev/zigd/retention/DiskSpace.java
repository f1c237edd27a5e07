package dev.zigd.retention;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.zigd.config.ZigdConfig;
import dev.zigd.config.ZigdPaths;

/**
 * Warns when the disk holding the home has less than {@code zigd.retention.disk-warn-free-percent} free. A warning,
 * not a failure: the check stays UP (a full disk fails writes with {@code storage_failed}, which is reported where
 * it happens); it names the home, the free and total bytes. One {@code statvfs} per call.
 */
@Readiness
@Default
@Singleton
public class DiskSpace implements HealthCheck {
    private final Path home;
    private final int warnFreePercent;

    public DiskSpace(ZigdPaths paths, ZigdConfig config) {
        this.home = paths.home();
        this.warnFreePercent = config.retention().diskWarnFreePercent();
    }

    record Usage(long free, long total) {
    }

    Optional<Usage> usage() {
        try {
            FileStore store = Files.getFileStore(home);
            return Optional.of(new Usage(store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The warning to show, if the disk is nearly full. */
    public Optional<String> warning() {
        return usage().flatMap(this::warning);
    }

    private Optional<String> warning(Usage usage) {
        if (usage.total() <= 0 || usage.free() * 100 >= (long) warnFreePercent * usage.total()) {
            return Optional.empty();
        }
        return Optional.of(String.format("the disk holding %s is nearly full: %d of %d bytes free (%.1f%%; warns below"
                + " %d%%, zigd.retention.disk-warn-free-percent)", home, usage.free(), usage.total(),
                usage.free() * 100.0 / usage.total(), warnFreePercent));
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("zigd-disk").up();
        usage().ifPresent(usage -> {
            response.withData("free_bytes", usage.free()).withData("total_bytes", usage.total());
            warning(usage).ifPresent(warning -> response.withData("warning", warning));
        });
        return response.build();
    }
}
