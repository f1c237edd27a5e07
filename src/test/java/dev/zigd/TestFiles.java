package dev.zigd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Temporary files and directories of tests that clean up after themselves: what a test makes here is deleted when
 * it passes and kept, with its place printed, when it fails ({@link TestFilesCleanup} decides; it runs in the
 * same JVM as the tests).
 *
 * <p>{@link #dir} belongs to whatever runs now: a test method, or a test class when called from
 * {@code @BeforeAll}. {@link #dirForRun} belongs to the whole run (a home shared by every {@code @QuarkusTest},
 * which lives as long as the Quarkus app): it goes at the end if nothing failed.
 */
public final class TestFiles {
    /** Where {@link TestFilesCleanup} publishes its registry; a JDK type, since Quarkus loads tests in another class loader. */
    static final String REGISTRY = "zigd.test-files.registry";

    private TestFiles() {
    }

    public static Path dir(String prefix) {
        return register(create(prefix), false);
    }

    public static Path dirForRun(String prefix) {
        return register(create(prefix), true);
    }

    public static Path file(String prefix, String suffix) {
        try {
            return register(Files.createTempFile(prefix, suffix), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Path register(Path path, boolean wholeRun) {
        Object registry = System.getProperties().get(REGISTRY);
        if (registry instanceof BiConsumer<?, ?> consumer) {
            ((BiConsumer<Path, Boolean>) consumer).accept(path, wholeRun);
        }
        return path;
    }
}
