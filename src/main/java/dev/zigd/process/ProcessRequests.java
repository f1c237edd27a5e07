package dev.zigd.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.error.ZigdException;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.Fields;
import dev.zigd.event.InvalidInputException;
import dev.zigd.event.Timestamps;

/** The request bodies and query parameters of {@code /api/v1/processes}, checked; failures name the field. */
final class ProcessRequests {
    private static final Pattern AGE = Pattern.compile("(\\d{1,7})([dh])");
    static final Duration DEFAULT_GC_AGE = Duration.ofDays(7);

    private ProcessRequests() {
    }

    /** {@code POST /api/v1/processes}: a new running entry with a new id, started now, the prompt cut to 100 chars. */
    static ProcessEntry register(byte[] body, Instant now) {
        Fields f = Fields.of(EventDecoder.parse(body), "the request body");
        long pid = f.integer("pid", 1, ProcessEntry.MAX_PID);
        String provider = f.string("provider");
        String model = f.string("model");
        String command = f.string("command");
        recordable(pid);
        String prompt = ProcessEntry.firstChars(f.optionalString("prompt"), ProcessEntry.PROMPT_CHARS);
        return new ProcessEntry(UUID.randomUUID().toString(), pid, f.optionalString("session_id"), provider, model,
                command, prompt, Timestamps.format(now), ProcessEntry.RUNNING, null, null, f.optionalString("root"),
                f.optionalString("parent_process_id"), f.optionalString("parent_session_id"));
    }

    record StatusChange(String status, Integer exitCode) {
    }

    /** {@code {"status":"exited"|"killed","exit_code":n|null}}. */
    static StatusChange status(byte[] body) {
        Fields f = Fields.of(EventDecoder.parse(body), "the request body");
        String status = f.string("status");
        if (!status.equals(ProcessEntry.EXITED) && !status.equals(ProcessEntry.KILLED)) {
            throw new InvalidInputException(
                    "field 'status' must be one of \"exited\", \"killed\", got \"" + status + "\"");
        }
        return new StatusChange(status, f.optionalInt32("exit_code"));
    }

    /** {@code {"pid":n}}, n from 1 to 4294967295 (zag stores a u32). */
    static long pid(byte[] body) {
        return recordable(Fields.of(EventDecoder.parse(body), "the request body").integer("pid", 1, ProcessEntry.MAX_PID));
    }

    /** An entry's pid is what stop and kill signal later: never init, zigd, or a thread id (see {@link ProcessIds}). */
    private static long recordable(long pid) {
        String refused = ProcessIds.whyRefused(pid);
        if (refused != null) {
            throw new InvalidInputException("field 'pid' is refused: " + refused);
        }
        return pid;
    }

    record Gc(Duration olderThan, boolean dryRun) {
    }

    /** {@code {"older_than":"7d","dry_run":true}}; an empty body takes the defaults (7d, dry run). */
    static Gc gc(byte[] body) {
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new Gc(DEFAULT_GC_AGE, true);
        }
        JsonNode root = EventDecoder.parse(body);
        Fields f = Fields.of(root, "the request body");
        Duration age = DEFAULT_GC_AGE;
        if (f.has("older_than")) {
            String text = f.string("older_than");
            Matcher m = AGE.matcher(text);
            if (!m.matches()) {
                throw new InvalidInputException("field 'older_than' must be a number of days or hours like \"7d\""
                        + " or \"12h\", got \"" + text + "\"");
            }
            long n = Long.parseLong(m.group(1));
            age = m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n);
        }
        boolean dryRun = true;
        JsonNode flag = root.get("dry_run");
        if (flag != null && !flag.isNull()) {
            if (!flag.isBoolean()) {
                throw new InvalidInputException("field 'dry_run' must be a boolean, got "
                        + flag.getNodeType().name().toLowerCase(Locale.ROOT) + " " + flag);
            }
            dryRun = flag.booleanValue();
        }
        return new Gc(age, dryRun);
    }

    /** {@code ?running=true|false}; absent or false: no filter. */
    static boolean running(String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ZigdException.badRequest("query parameter 'running' must be true or false, got '" + value + "'");
    }

    static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return (int) Math.min(n, Integer.MAX_VALUE);
            }
        } catch (NumberFormatException e) {
            // the error below
        }
        throw ZigdException.badRequest("query parameter 'limit' must be a non-negative integer, got '" + value + "'");
    }
}
