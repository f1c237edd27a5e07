package dev.zigd.files;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Files zigd could not read and kept aside instead of overwriting (an unreadable or unparseable index, a corrupt
 * process store), as health reports them: the user has to look at them, nothing else will.
 */
public final class StorageProblems {
    private static final int KEPT = 20;
    private static final List<String> PROBLEMS = new CopyOnWriteArrayList<>();

    private StorageProblems() {
    }

    public static void report(String problem) {
        if (PROBLEMS.size() < KEPT) {
            PROBLEMS.add(problem);
        }
    }

    public static List<String> all() {
        return List.copyOf(PROBLEMS);
    }
}
