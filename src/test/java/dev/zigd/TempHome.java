package dev.zigd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the daemon under test its own home directory (and so its own socket and token file), never the user's,
 * seeded with files zig wrote itself (src/test/resources/fixtures/zig-home) so reading them back is tested.
 */
public class TempHome implements QuarkusTestResourceLifecycleManager {
    /** The fixture repository path zig ran in; its project dir is {@code home-ada-src-app}. */
    public static final String FIXTURE_REPO = "/home/ada/src/app";
    public static final String FIXTURE_SESSION = "5f0c2f8e-3c1a-4b7e-9d7e-2b1f6f3a9c10";
    public static final String FIXTURE_OPEN_SESSION = "0b7f4a55-6c2e-4d1b-8f3a-9e8d7c6b5a41";

    private static Path home;

    public static Path home() {
        return home;
    }

    @Override
    public Map<String, String> start() {
        try {
            home = TestFiles.dirForRun("zigd-test-home");
            seed(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("zigd.home", home.toString());
    }

    @Override
    public void stop() {
        // TestFiles deletes the home after the run, or keeps it (and prints where) when a test failed.
    }

    /** Copies the zig-written fixtures into {@code home}, with {@code @HOME@} and {@code @PROJECT@} filled in. */
    public static void seed(Path home) throws IOException {
        Path source = Path.of("src/test/resources/fixtures/zig-home");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = source.relativize(file).toString().replace("@PROJECT@", "home-ada-src-app");
                Path target = home.resolve(relative);
                Files.createDirectories(target.getParent());
                String content = Files.readString(file, StandardCharsets.UTF_8).replace("@HOME@", home.toString());
                Files.writeString(target, content, StandardCharsets.UTF_8);
            }
        }
    }
}
