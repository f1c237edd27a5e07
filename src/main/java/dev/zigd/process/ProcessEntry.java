package dev.zigd.process;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.Fields;
import dev.zigd.event.Timestamps;

/**
 * One entry of {@code processes.json}, components in file order (zag's {@code ProcessEntry}). {@code status} stays
 * a string: zag may write a value zigd does not know, and zigd must write it back unchanged.
 */
public record ProcessEntry(String id, long pid, String sessionId, String provider, String model, String command,
        String prompt, String startedAt, String status, Integer exitCode, String exitedAt, String root,
        String parentProcessId, String parentSessionId) {

    public static final String RUNNING = "running";
    public static final String EXITED = "exited";
    public static final String KILLED = "killed";

    /** zag stores the pid as {@code u32}. */
    static final long MAX_PID = 0xFFFF_FFFFL;
    /** zag keeps the first 100 characters of the prompt. */
    static final int PROMPT_CHARS = 100;

    @JsonIgnore
    public boolean isRunning() {
        return RUNNING.equals(status);
    }

    /** zag's {@code update_status}: status, exit code, and {@code exited_at} = now. */
    ProcessEntry withStatus(String newStatus, Integer newExitCode, Instant now) {
        return new ProcessEntry(id, pid, sessionId, provider, model, command, prompt, startedAt, newStatus,
                newExitCode, Timestamps.format(now), root, parentProcessId, parentSessionId);
    }

    ProcessEntry withPid(long newPid) {
        return new ProcessEntry(id, newPid, sessionId, provider, model, command, prompt, startedAt, status, exitCode,
                exitedAt, root, parentProcessId, parentSessionId);
    }

    /**
     * Reads one stored entry as serde would: the non-optional fields must be there with their type, the optional
     * ones may be missing or null, unknown keys are ignored. Failures name the field.
     */
    static ProcessEntry decode(JsonNode node) {
        Fields f = Fields.of(node, "a process entry");
        return new ProcessEntry(f.string("id"), f.integer("pid", 0, MAX_PID), f.optionalString("session_id"),
                f.string("provider"), f.string("model"), f.string("command"), f.optionalString("prompt"),
                f.string("started_at"), f.string("status"), f.optionalInt32("exit_code"),
                f.optionalString("exited_at"), f.optionalString("root"), f.optionalString("parent_process_id"),
                f.optionalString("parent_session_id"));
    }

    /** The first {@code max} characters (code points) of {@code text}; a surrogate pair is never split. */
    static String firstChars(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end;
        try {
            end = text.offsetByCodePoints(0, max);
        } catch (IndexOutOfBoundsException fewer) {
            return text;
        }
        return text.substring(0, end);
    }
}
