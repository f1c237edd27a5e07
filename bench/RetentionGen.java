import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes {@code count} ended sessions straight to disk as zig writes them (a log of 3 lines each, and both indexes),
 * spread over {@code projects} projects, all ended a day ago, one second apart. For the retention benchmark
 * (bench/README.md): {@code java bench/RetentionGen.java <home> <count> <projects>}.
 */
public class RetentionGen {
    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int projects = Integer.parseInt(args[2]);
        Instant base = Instant.now().minusSeconds(86_400L + count);
        Path zig = Files.createDirectories(home.resolve(".zig"));
        BufferedWriter[] projectIndexes = new BufferedWriter[projects];
        Path[] projectDirs = new Path[projects];
        for (int p = 0; p < projects; p++) {
            projectDirs[p] = Files.createDirectories(zig.resolve("projects/home-ada-gen-" + p + "/logs/sessions"))
                    .getParent().getParent();
            projectIndexes[p] = Files.newBufferedWriter(projectDirs[p].resolve("logs/index.json"), StandardCharsets.UTF_8);
            projectIndexes[p].write("{\n  \"sessions\": [");
        }
        boolean[] first = new boolean[projects];
        java.util.Arrays.fill(first, true);
        try (BufferedWriter global = Files.newBufferedWriter(zig.resolve("sessions_index.json"), StandardCharsets.UTF_8)) {
            global.write("{\n  \"sessions\": [");
            for (int i = 0; i < count; i++) {
                int p = i % projects;
                String id = UUID.randomUUID().toString();
                Path project = projectDirs[p];
                Path log = project.resolve("logs/sessions/" + id + ".jsonl");
                String started = base.plusSeconds(i).toString().replace("Z", "+00:00");
                String ended = base.plusSeconds(i).plusMillis(900).toString().replace("Z", "+00:00");
                Files.writeString(log, "{\"seq\":1,\"ts\":\"" + started + "\",\"zig_session_id\":\"" + id
                        + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"gen\",\"workflow_path\":\"/w/gen.zwf\","
                        + "\"workspace_path\":\"" + project + "\",\"cwd\":\"/home/ada/gen\",\"prompt\":null,\"tier_count\":1}\n"
                        + "{\"seq\":2,\"ts\":\"" + started + "\",\"zig_session_id\":\"" + id
                        + "\",\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"a line of agent output\"}\n"
                        + "{\"seq\":3,\"ts\":\"" + ended + "\",\"zig_session_id\":\"" + id
                        + "\",\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":900}\n",
                        StandardCharsets.UTF_8);
                projectIndexes[p].write((first[p] ? "\n" : ",\n") + "    {\n      \"zig_session_id\": \"" + id
                        + "\",\n      \"workflow_name\": \"gen\",\n      \"workflow_path\": \"/w/gen.zwf\",\n      \"log_path\": \""
                        + log + "\",\n      \"started_at\": \"" + started + "\",\n      \"ended_at\": \"" + ended
                        + "\",\n      \"status\": \"success\",\n      \"workspace_path\": \"" + project + "\"\n    }");
                first[p] = false;
                global.write((i == 0 ? "\n" : ",\n") + "    {\n      \"zig_session_id\": \"" + id
                        + "\",\n      \"workflow_name\": \"gen\",\n      \"project\": \"" + project + "\",\n      \"log_path\": \""
                        + log + "\",\n      \"started_at\": \"" + started + "\",\n      \"ended_at\": \"" + ended
                        + "\",\n      \"status\": \"success\"\n    }");
            }
            global.write("\n  ]\n}");
        }
        for (BufferedWriter index : projectIndexes) {
            index.write("\n  ]\n}");
            index.close();
        }
        System.out.printf("wrote %,d ended sessions in %d projects under %s%n", count, projects, zig);
    }
}
