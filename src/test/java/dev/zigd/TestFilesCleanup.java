package dev.zigd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Deletes the files {@link TestFiles} handed out once the test (or class, or run) that made them passed; keeps
 * them and prints where when it failed. Registered in META-INF/services, so surefire and failsafe load it in
 * the JVM that runs the tests.
 */
public class TestFilesCleanup implements TestExecutionListener {
    private final Deque<String> running = new ArrayDeque<>();
    private final Map<String, List<Path>> owned = new HashMap<>();
    private final List<Path> wholeRun = new ArrayList<>();
    private boolean anyFailed;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan plan) {
        BiConsumer<Path, Boolean> registry = this::register;
        System.getProperties().put(TestFiles.REGISTRY, registry);
    }

    private synchronized void register(Path path, boolean forRun) {
        if (forRun || running.isEmpty()) {
            wholeRun.add(path);
        } else {
            owned.computeIfAbsent(running.peek(), k -> new ArrayList<>()).add(path);
        }
    }

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        running.push(test.getUniqueId());
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        running.remove(test.getUniqueId());
        List<Path> paths = owned.remove(test.getUniqueId());
        boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        anyFailed |= !passed;
        settle(paths, passed, test.getDisplayName());
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        owned.values().forEach(paths -> settle(paths, !anyFailed, "an unfinished test"));
        settle(wholeRun, !anyFailed, "this test run");
        System.getProperties().remove(TestFiles.REGISTRY);
    }

    private static void settle(List<Path> paths, boolean passed, String owner) {
        if (paths == null || paths.isEmpty()) {
            return;
        }
        if (!passed) {
            paths.forEach(path -> System.err.println("[test files] kept for " + owner + ": " + path));
            return;
        }
        paths.forEach(TestFilesCleanup::deleteTree);
        paths.clear();
    }

    /**
     * A daemon a test stopped may still be writing its indexes on the way out when the test is over: a walk that
     * meets new files (or an emptied directory that is no longer empty) is tried again, a few times.
     */
    private static void deleteTree(Path root) {
        Exception last = null;
        for (int attempt = 0; attempt < 10 && Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS); attempt++) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    path.toFile().setWritable(true);
                    Files.deleteIfExists(path);
                }
            } catch (IOException | RuntimeException e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            System.err.println("[test files] could not delete " + root + ": " + last);
        }
    }
}
