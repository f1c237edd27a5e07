package dev.zigd.config;

import java.nio.file.Path;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The layout of format.md under {@code zigd.home}. */
@Singleton
public class ZigdPaths {
    private final Path home;
    private final Path socket;

    @Inject
    public ZigdPaths(ZigdConfig config) {
        this(Path.of(config.home()).toAbsolutePath().normalize(), Path.of(config.socket()).toAbsolutePath());
    }

    public ZigdPaths(Path home, Path socket) {
        this.home = home;
        this.socket = socket;
    }

    public Path home() {
        return home;
    }

    /** {@code <home>/.zig}: every zig file lives below it. */
    public Path zigDir() {
        return home.resolve(".zig");
    }

    public Path projectsDir() {
        return zigDir().resolve("projects");
    }

    public Path globalIndex() {
        return zigDir().resolve("sessions_index.json");
    }

    public Path tokenFile() {
        return zigDir().resolve("zigd.token");
    }

    /** {@code <home>/.zig/zigd-leases}: one small file per session zigd manages, naming its owner. */
    public Path leasesDir() {
        return zigDir().resolve("zigd-leases");
    }

    public Path socket() {
        return socket;
    }

    /** {@code <home>/.zag}: the process store's directory. */
    public Path zagDir() {
        return home.resolve(".zag");
    }
}
