package dev.zigd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.ZigJson;

/** Ended sessions written straight to disk as zig writes them: logs and both indexes, in one project. */
final class ZigSessionFiles {
    static final String PROJECT = "home-ada-src-gen";

    private ZigSessionFiles() {
    }

    static Path projectDir(Path home) {
        return home.resolve(".zig/projects").resolve(PROJECT);
    }

    /** {@code count} sessions that ended a day ago, one second apart; their ids, oldest first. */
    static List<String> write(Path home, int count) throws IOException {
        Path project = projectDir(home);
        Path sessions = Files.createDirectories(project.resolve("logs/sessions"));
        Instant base = Instant.now().minusSeconds(86_400 + count);
        StringBuilder projectIndex = new StringBuilder("{\n  \"sessions\": [");
        StringBuilder globalIndex = new StringBuilder("{\n  \"sessions\": [");
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            Path log = sessions.resolve(id + ".jsonl");
            String started = base.plusSeconds(i).toString().replace("Z", "+00:00");
            String ended = base.plusSeconds(i).plusMillis(500).toString().replace("Z", "+00:00");
            Files.writeString(log, "{\"seq\":1,\"ts\":\"" + started + "\",\"zig_session_id\":\"" + id
                    + "\",\"type\":\"zig_session_started\",\"workflow_name\":\"gen\",\"workflow_path\":\"/w/gen.zwf\","
                    + "\"workspace_path\":\"" + project + "\",\"cwd\":\"/home/ada/src/gen\",\"prompt\":null,\"tier_count\":0}\n"
                    + "{\"seq\":2,\"ts\":\"" + ended + "\",\"zig_session_id\":\"" + id
                    + "\",\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":500}\n",
                    StandardCharsets.UTF_8);
            String sep = i == 0 ? "\n" : ",\n";
            projectIndex.append(sep).append("    {\n      \"zig_session_id\": \"").append(id)
                    .append("\",\n      \"workflow_name\": \"gen\",\n      \"workflow_path\": \"/w/gen.zwf\",\n      \"log_path\": \"")
                    .append(log).append("\",\n      \"started_at\": \"").append(started).append("\",\n      \"ended_at\": \"")
                    .append(ended).append("\",\n      \"status\": \"success\",\n      \"workspace_path\": \"").append(project)
                    .append("\"\n    }");
            globalIndex.append(sep).append("    {\n      \"zig_session_id\": \"").append(id)
                    .append("\",\n      \"workflow_name\": \"gen\",\n      \"project\": \"").append(project)
                    .append("\",\n      \"log_path\": \"").append(log).append("\",\n      \"started_at\": \"").append(started)
                    .append("\",\n      \"ended_at\": \"").append(ended).append("\",\n      \"status\": \"success\"\n    }");
        }
        Files.writeString(project.resolve("logs/index.json"), projectIndex.append("\n  ]\n}").toString());
        Files.createDirectories(home.resolve(".zig"));
        Files.writeString(home.resolve(".zig/sessions_index.json"), globalIndex.append("\n  ]\n}").toString());
        return ids;
    }

    /** Session ids an index file lists; the file must parse. */
    static Set<String> indexed(Path indexFile) {
        try {
            if (!Files.exists(indexFile)) {
                return Set.of();
            }
            Set<String> ids = new HashSet<>();
            JsonNode root = ZigJson.MAPPER.readTree(Files.readAllBytes(indexFile));
            for (JsonNode entry : root.get("sessions")) {
                ids.add(entry.get("zig_session_id").asText());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites an index file with only these sessions' entries, in the same layout. */
    static void keepOnly(Path indexFile, Set<String> ids) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) ZigJson.MAPPER
                .readTree(Files.readAllBytes(indexFile));
        com.fasterxml.jackson.databind.node.ArrayNode kept = ZigJson.MAPPER.createArrayNode();
        for (JsonNode entry : root.get("sessions")) {
            if (ids.contains(entry.get("zig_session_id").asText())) {
                kept.add(entry);
            }
        }
        root.set("sessions", kept);
        Files.write(indexFile, ZigJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /** Session ids whose log is in the project's sessions directory. */
    static Set<String> logs(Path home) throws IOException {
        Set<String> ids = new HashSet<>();
        Path dir = projectDir(home).resolve("logs/sessions");
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".jsonl".length()));
            }
        }
        return ids;
    }
}
