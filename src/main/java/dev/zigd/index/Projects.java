package dev.zigd.index;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Singleton;

import dev.zigd.config.ZigdPaths;
import dev.zigd.error.ZigdException;

/**
 * Project resolution of format.md: an explicit {@code root} is the project; otherwise the first directory at or
 * above {@code cwd} that holds {@code .git}; otherwise none, and the logs go to {@code .zig/logs}.
 */
@Singleton
public class Projects {
    private final ZigdPaths paths;

    public Projects(ZigdPaths paths) {
        this.paths = paths;
    }

    /** Where a project's files live. {@code storageDir} is what events and indexes call {@code workspace_path}. */
    public record Project(Path storageDir) {
        public Path logsDir() {
            return storageDir.resolve("logs");
        }

        public Path indexFile() {
            return logsDir().resolve("index.json");
        }

        public Path logFile(String sessionId) {
            return logsDir().resolve("sessions").resolve(sessionId + ".jsonl");
        }
    }

    /** Blocking: looks for {@code .git} on disk. */
    public Project resolve(String cwd, String root) {
        if (root != null) {
            return forRepository(absolute("field 'root'", root));
        }
        if (cwd != null) {
            for (Path dir = absolute("field 'cwd'", cwd); dir != null; dir = dir.getParent()) {
                if (Files.exists(dir.resolve(".git"))) {
                    return forRepository(dir);
                }
            }
        }
        return new Project(paths.zigDir());
    }

    /**
     * The project a {@code ?project=} query names: the repository at or above {@code path}, like {@code cwd}, or
     * empty when there is none (a path outside every repository names no project, so it matches no session).
     * Blocking: looks for {@code .git} on disk.
     */
    public java.util.Optional<Project> forQuery(String parameter, String path) {
        for (Path dir = absolute("query parameter '" + parameter + "'", path); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return java.util.Optional.of(forRepository(dir));
            }
        }
        return java.util.Optional.empty();
    }

    private Project forRepository(Path repository) {
        return new Project(paths.projectsDir().resolve(sanitize(repository.toString())));
    }

    /** {@code /home/ada/src/app} → {@code home-ada-src-app}. */
    public static String sanitize(String path) {
        String stripped = path;
        while (stripped.startsWith("/")) {
            stripped = stripped.substring(1);
        }
        return stripped.replace('/', '-');
    }

    /** @param what names the value for errors: {@code field 'cwd'} or {@code query parameter 'project'} */
    private static Path absolute(String what, String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw ZigdException.badRequest(what + " is not a valid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw ZigdException.badRequest(what + " must be an absolute path, got \"" + value + "\"");
        }
        return path.normalize();
    }
}
