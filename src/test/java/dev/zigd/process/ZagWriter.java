package dev.zigd.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.zigd.event.ZigJson;

/**
 * Writes processes.json the way zag does (process_store.rs + file_util.rs): load, change, write a sibling temp file
 * {@code .processes.json.<pid>.<n>.tmp}, rename it over; no lock, no fsync. It knows nothing of zigd's store.
 */
final class ZagWriter {
    private static final AtomicLong COUNTER = new AtomicLong();

    private ZagWriter() {
    }

    static Path file(Path home) {
        return home.resolve(".zag/processes.json");
    }

    /** Replaces the file's bytes with {@code text}, as a temp file renamed over it. */
    static void writeRaw(Path file, String text) throws IOException {
        writeRaw(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void writeRaw(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + COUNTER.getAndIncrement() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** zag's load(): a missing file is an empty store. */
    static ObjectNode load(Path file) throws IOException {
        if (!Files.exists(file)) {
            ObjectNode empty = ZigJson.MAPPER.createObjectNode();
            empty.putArray("processes");
            return empty;
        }
        return (ObjectNode) ZigJson.MAPPER.readTree(Files.readAllBytes(file));
    }

    /** zag's save(): serde's pretty bytes, temp + rename. */
    static void save(Path file, ObjectNode store) throws IOException {
        writeRaw(file, ZigJson.pretty(store));
    }

    /** One zag registration: load, add (replacing the same id), save. */
    static void add(Path file, ObjectNode entry) throws IOException {
        ObjectNode store = load(file);
        ArrayNode processes = (ArrayNode) store.get("processes");
        for (int i = processes.size() - 1; i >= 0; i--) {
            if (processes.get(i).get("id").asText().equals(entry.get("id").asText())) {
                processes.remove(i);
            }
        }
        processes.add(entry);
        save(file, store);
    }

    /** Changes one field of an entry, as a zag command would (load, change, save). */
    static void set(Path file, String id, String field, String value) throws IOException {
        ObjectNode store = load(file);
        for (JsonNode entry : store.get("processes")) {
            if (entry.get("id").asText().equals(id)) {
                ((ObjectNode) entry).put(field, value);
            }
        }
        save(file, store);
    }

    /** An entry as zag's register writes it, every key present. */
    static ObjectNode entry(String id, long pid, String provider, String startedAt) {
        ObjectNode e = ZigJson.MAPPER.createObjectNode();
        e.put("id", id);
        e.put("pid", pid);
        e.putNull("session_id");
        e.put("provider", provider);
        e.put("model", "default");
        e.put("command", "run");
        e.put("prompt", "from zag");
        e.put("started_at", startedAt);
        e.put("status", "running");
        e.putNull("exit_code");
        e.putNull("exited_at");
        e.putNull("root");
        e.putNull("parent_process_id");
        e.putNull("parent_session_id");
        return e;
    }
}
