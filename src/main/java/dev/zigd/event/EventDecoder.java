package dev.zigd.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.EventBody.Heartbeat;
import dev.zigd.event.EventBody.OutputStream;
import dev.zigd.event.EventBody.SessionStatus;
import dev.zigd.event.EventBody.StepCompleted;
import dev.zigd.event.EventBody.StepFailed;
import dev.zigd.event.EventBody.StepOutput;
import dev.zigd.event.EventBody.StepSkipped;
import dev.zigd.event.EventBody.StepStarted;
import dev.zigd.event.EventBody.TierStarted;
import dev.zigd.event.EventBody.ZigSessionEnded;
import dev.zigd.event.EventBody.ZigSessionStarted;

/**
 * Reads events: what clients send (only the types a client may write; the daemon stamps {@code seq}, {@code ts}
 * and {@code zig_session_id}) and the lines zig or zigd stored (every type, with the envelope).
 */
public final class EventDecoder {

    /** The types a client may send, in format.md's order. */
    public static final List<String> CLIENT_TYPES = List.of("tier_started", "step_started", "step_output",
            "step_completed", "step_failed", "step_skipped", "zig_session_ended");

    private EventDecoder() {
    }

    /** Parses a request body: one event object or an array of them. */
    public static List<EventBody> decodeClientEvents(byte[] json) {
        JsonNode root = parse(json);
        if (!root.isArray()) {
            return List.of(decodeClientEvent(root));
        }
        List<EventBody> events = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            events.add(numbered(events.size(), () -> decodeClientEvent(node)));
        }
        return checkedRequest(events, "the array");
    }

    /** Parses an ingest frame: one event object per line (blank lines ignored). */
    public static List<EventBody> decodeClientLines(String text) {
        List<EventBody> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                events.add(numbered(events.size(), () -> decodeClientEvent(parse(line))));
            }
        }
        return checkedRequest(events, "the frame");
    }

    private static EventBody numbered(int index, Supplier<EventBody> decode) {
        try {
            return decode.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException("event " + index + ": " + e.getMessage());
        }
    }

    /** One request's events: at least one, and nothing after {@code zig_session_ended}. */
    private static List<EventBody> checkedRequest(List<EventBody> events, String what) {
        if (events.isEmpty()) {
            throw new InvalidInputException(what + " holds no events");
        }
        for (int i = 0; i < events.size() - 1; i++) {
            if (events.get(i) instanceof ZigSessionEnded) {
                throw new InvalidInputException("event " + i + " is zig_session_ended but " + (events.size() - 1 - i)
                        + " more event(s) follow it; zig_session_ended must be the last event");
            }
        }
        return List.copyOf(events);
    }

    public static EventBody decodeClientEvent(JsonNode node) {
        Fields fields = Fields.of(node, "an event");
        String type = fields.string("type");
        if (type.equals("heartbeat") || type.equals("zig_session_started")) {
            throw new InvalidInputException("type '" + type + "' is written by the daemon only; accepted types: "
                    + String.join(", ", CLIENT_TYPES));
        }
        return decodeBody(type, fields);
    }

    /** Reads one stored log line (any type, envelope included). */
    public static Event decodeStoredLine(String line) {
        Fields fields = Fields.of(parse(line), "a log line");
        return new Event(fields.unsigned("seq"), fields.string("ts"), fields.string("zig_session_id"),
                decodeBody(fields.string("type"), fields));
    }

    public static JsonNode parse(byte[] json) {
        try {
            JsonNode node = ZigJson.MAPPER.readTree(json);
            return requireContent(node);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("malformed JSON: " + readable(e.getMessage()));
        }
    }

    public static JsonNode parse(String json) {
        try {
            return requireContent(ZigJson.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private static JsonNode requireContent(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new InvalidInputException("malformed JSON: the body is empty");
        }
        return node;
    }

    private static InvalidInputException malformed(JsonProcessingException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new InvalidInputException("malformed JSON" + where + ": " + readable(e.getOriginalMessage()));
    }

    /**
     * Jackson's messages name its own classes and settings ({@code StreamReadConstraints}, {@code Source: REDACTED
     * (StreamReadFeature…)}, {@code bound as JsonNode}), which tell a client nothing: only the first part is kept.
     */
    static String readable(String message) {
        if (message == null) {
            return "cannot be parsed";
        }
        String text = message;
        int cut = text.indexOf("\n at [Source");
        if (cut < 0) {
            cut = text.indexOf(" at [Source");
        }
        if (cut >= 0) {
            text = text.substring(0, cut);
        }
        if (text.startsWith("Trailing token")) {
            return "more than one JSON value (only one object or array is allowed)";
        }
        return text.replaceAll(", from `[^`]*`", "").replaceAll(" \\(bound as `[^`]*`\\)", "")
                .replaceAll(": not allowed as per `[^`]*`", "").replace("`", "").strip();
    }

    private static EventBody decodeBody(String type, Fields f) {
        return switch (type) {
            case "zig_session_started" -> new ZigSessionStarted(f.string("workflow_name"), f.string("workflow_path"),
                    f.optionalString("workspace_path"), f.optionalString("cwd"), f.optionalString("prompt"),
                    f.unsigned("tier_count"));
            case "tier_started" -> new TierStarted(f.unsigned("tier_index"), f.strings("step_names"));
            case "step_started" -> new StepStarted(f.string("step_name"), f.unsigned("tier_index"),
                    f.string("zag_session_id"), f.string("zag_command"), f.optionalString("model"),
                    f.string("prompt_preview"));
            case "step_output" -> new StepOutput(f.string("step_name"), f.oneOf("stream", OutputStream.class),
                    f.string("line"));
            case "step_completed" -> new StepCompleted(f.string("step_name"), f.int32("exit_code"),
                    f.unsigned("duration_ms"), f.strings("saved_vars"));
            case "step_failed" -> new StepFailed(f.string("step_name"), f.optionalInt32("exit_code"),
                    f.integer("attempt", 0, 0xFFFF_FFFFL), f.string("error"));
            case "step_skipped" -> new StepSkipped(f.string("step_name"), f.string("reason"));
            case "heartbeat" -> new Heartbeat(f.unsigned("interval_secs"));
            case "zig_session_ended" -> new ZigSessionEnded(f.oneOf("status", SessionStatus.class),
                    f.has("duration_ms") ? f.unsigned("duration_ms") : null);
            default -> throw new InvalidInputException(
                    "unknown event type '" + type + "'; accepted types: " + String.join(", ", CLIENT_TYPES));
        };
    }
}
