package dev.zigd.follow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.zigd.event.ZigJson;

/**
 * A child process that writes a zig session exactly as zig does (the seed's SessionWriter and SessionCoordinator):
 * the log opened for append and held open for the whole run, one line + flush per event, a heartbeat thread, both
 * indexes loaded, changed and rewritten whole in place (not atomically) at start and at end. It knows nothing of
 * zigd.
 *
 * <p>{@code FakeZig <home> <project-dir-name> <workflow> <heartbeat-ms> [sessions]}. Prints
 * {@code session <id> <log>} per session once its indexes are written, then takes commands on stdin, answering
 * {@code ok} to each: {@code out <text>} (a step_output line to every session), {@code touch <n>} (one line to the
 * n-th session), {@code truncate} (the log cut to nothing and its lines written again, through the same descriptor),
 * {@code replace} (the log replaced by a copy renamed over it, then written through the copy), {@code end <status>}
 * (zig_session_ended, both indexes stamped, exit).
 */
public final class FakeZig {
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");

    private final String id = UUID.randomUUID().toString();
    private final Path workspace;
    private final Path log;
    private final Path projectIndex;
    private final Path globalIndex;
    private final String workflow;
    private final String startedAt;
    private final long startedNanos = System.nanoTime();
    private final List<String> written = new ArrayList<>();
    private OutputStream out;
    private long seq;

    private FakeZig(Path home, String project, String workflow) throws IOException {
        this.workspace = home.resolve(".zig/projects").resolve(project);
        this.log = workspace.resolve("logs/sessions").resolve(id + ".jsonl");
        this.projectIndex = workspace.resolve("logs/index.json");
        this.globalIndex = home.resolve(".zig/sessions_index.json");
        this.workflow = workflow;
        Files.createDirectories(log.getParent());
        this.out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ObjectNode started = event("zig_session_started");
        started.put("workflow_name", workflow);
        started.put("workflow_path", "/w/" + workflow + ".zwf");
        started.put("workspace_path", workspace.toString());
        started.put("cwd", "/home/ada/src/app");
        started.putNull("prompt");
        started.put("tier_count", 1);
        emit(started);
        this.startedAt = now();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        long heartbeatMs = Long.parseLong(args[3]);
        int count = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        List<FakeZig> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(new FakeZig(home, args[1], args[2]));
        }
        upsertIndexes(sessions);
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (FakeZig session : sessions) {
            stdout.println("session " + session.id + " " + session.log);
        }
        if (heartbeatMs > 0) {
            Thread heartbeat = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(heartbeatMs);
                        for (FakeZig session : sessions) {
                            ObjectNode beat = session.event("heartbeat");
                            beat.put("interval_secs", 10);
                            session.emit(beat);
                        }
                    } catch (InterruptedException | IOException e) {
                        return;
                    }
                }
            }, "heartbeat");
            heartbeat.setDaemon(true);
            heartbeat.start();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null) {
            String[] words = command.split(" ", 2);
            switch (words[0]) {
                case "out" -> {
                    for (FakeZig session : sessions) {
                        session.output(words[1]);
                    }
                }
                case "touch" -> sessions.get(Integer.parseInt(words[1])).output("touched");
                case "truncate" -> sessions.get(0).truncate();
                case "replace" -> sessions.get(0).replace();
                case "end" -> {
                    for (FakeZig session : sessions) {
                        session.end(words[1]);
                    }
                    stdout.println("ok");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException(command);
            }
            stdout.println("ok");
        }
    }

    private ObjectNode event(String type) {
        ObjectNode event = ZigJson.MAPPER.createObjectNode();
        event.put("seq", 0);
        event.put("ts", now());
        event.put("zig_session_id", id);
        event.put("type", type);
        return event;
    }

    /** One writeln + flush, under the writer's lock (the heartbeat thread writes too). */
    private synchronized void emit(ObjectNode event) throws IOException {
        event.put("seq", ++seq);
        String line = ZigJson.MAPPER.writeValueAsString(event) + "\n";
        written.add(line);
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void output(String text) throws IOException {
        ObjectNode event = event("step_output");
        event.put("step_name", "build");
        event.put("stream", "stdout");
        event.put("line", text);
        emit(event);
    }

    private synchronized void truncate() throws IOException {
        try (var cut = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
            cut.truncate(0);
        }
        for (String line : written) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    private synchronized void replace() throws IOException {
        Path copy = log.resolveSibling(id + ".jsonl.new");
        OutputStream next = Files.newOutputStream(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.APPEND);
        for (String line : written) {
            next.write(line.getBytes(StandardCharsets.UTF_8));
        }
        next.flush();
        Files.move(copy, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.close();
        out = next;
    }

    private void end(String status) throws IOException {
        ObjectNode end = event("zig_session_ended");
        end.put("status", status);
        end.put("duration_ms", (System.nanoTime() - startedNanos) / 1_000_000);
        emit(end);
        String endedAt = now();
        stamp(projectIndex, endedAt, status);
        stamp(globalIndex, endedAt, status);
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(RFC3339);
    }

    /** zig's upsert_indexes: project index first, then the global one; each loaded, changed, written in place. */
    private static void upsertIndexes(List<FakeZig> sessions) throws IOException {
        FakeZig first = sessions.get(0);
        ObjectNode project = load(first.projectIndex);
        for (FakeZig s : sessions) {
            ObjectNode entry = ((ArrayNode) project.get("sessions")).addObject();
            entry.put("zig_session_id", s.id);
            entry.put("workflow_name", s.workflow);
            entry.put("workflow_path", "/w/" + s.workflow + ".zwf");
            entry.put("log_path", s.log.toString());
            entry.put("started_at", s.startedAt);
            entry.putNull("ended_at");
            entry.putNull("status");
            entry.put("workspace_path", s.workspace.toString());
        }
        save(first.projectIndex, project);
        ObjectNode global = load(first.globalIndex);
        for (FakeZig s : sessions) {
            ObjectNode entry = ((ArrayNode) global.get("sessions")).addObject();
            entry.put("zig_session_id", s.id);
            entry.put("workflow_name", s.workflow);
            entry.put("project", s.workspace.toString());
            entry.put("log_path", s.log.toString());
            entry.put("started_at", s.startedAt);
            entry.putNull("ended_at");
            entry.putNull("status");
        }
        save(first.globalIndex, global);
    }

    private void stamp(Path index, String endedAt, String status) throws IOException {
        ObjectNode file = load(index);
        for (JsonNode entry : file.get("sessions")) {
            if (entry.get("zig_session_id").asText().equals(id)) {
                ((ObjectNode) entry).put("ended_at", endedAt);
                ((ObjectNode) entry).put("status", status);
            }
        }
        save(index, file);
    }

    /** zig's load: a missing or unparseable file is an empty index. */
    private static ObjectNode load(Path index) {
        try {
            JsonNode node = ZigJson.MAPPER.readTree(Files.readAllBytes(index));
            if (node instanceof ObjectNode object && node.get("sessions") instanceof ArrayNode) {
                return object;
            }
        } catch (IOException | RuntimeException e) {
            // as zig: unwrap_or_default
        }
        ObjectNode empty = ZigJson.MAPPER.createObjectNode();
        empty.putArray("sessions");
        return empty;
    }

    /** zig's save: std::fs::write, truncating the file in place. */
    private static void save(Path index, ObjectNode content) throws IOException {
        Files.createDirectories(index.getParent());
        Files.write(index, ZigJson.pretty(content));
    }
}
