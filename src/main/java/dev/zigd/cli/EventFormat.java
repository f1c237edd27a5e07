package dev.zigd.cli;

import java.util.List;
import java.util.Map;

/**
 * The human form of a stored event, one line (docs/cli.md "Human output"): {@code step ▸ line} for output,
 * stderr marked {@code [stderr]}, a line for each step start, finish, failure and skip, and for the session's
 * start and end. Heartbeats are not shown. Golden-tested (CliIT).
 */
final class EventFormat {
    private final Style style;
    private final boolean timestamps;

    EventFormat(Style style, boolean timestamps) {
        this.style = style;
        this.timestamps = timestamps;
    }

    /** The line to print for {@code event}, or null when it is not shown. */
    String format(Map<String, Object> event) {
        String body = body(event);
        if (body == null) {
            return null;
        }
        return timestamps ? style.dim(clock(str(event, "ts"))) + " " + body : body;
    }

    private String body(Map<String, Object> e) {
        String type = str(e, "type");
        String step = str(e, "step_name");
        switch (type) {
            case "zig_session_started": {
                String prompt = str(e, "prompt");
                return style.bold("▶ session " + shortId(str(e, "zig_session_id")) + " started: " + str(e, "workflow_name"))
                        + " (" + plural(num(e, "tier_count"), "tier") + ")"
                        + (prompt.isEmpty() ? "" : style.dim(" — " + oneLine(prompt, 100)));
            }
            case "tier_started":
                return style.dim("── tier " + num(e, "tier_index") + ": " + String.join(", ", strings(e, "step_names")));
            case "step_started": {
                String model = str(e, "model");
                return style.cyan(step) + " ▸ " + style.bold("started") + " (" + str(e, "zag_command")
                        + (model.isEmpty() ? "" : ", " + model) + ")";
            }
            case "step_output":
                return "stderr".equals(str(e, "stream"))
                        ? style.cyan(step) + " ▸ " + style.red("[stderr]") + " " + str(e, "line")
                        : style.cyan(step) + " ▸ " + str(e, "line");
            case "step_completed": {
                List<String> saved = strings(e, "saved_vars");
                return style.cyan(step) + " " + style.green("✓ completed") + " (exit " + num(e, "exit_code") + ", "
                        + duration(num(e, "duration_ms")) + (saved.isEmpty() ? "" : ", saved " + String.join(", ", saved))
                        + ")";
            }
            case "step_failed": {
                Object exit = e.get("exit_code");
                return style.cyan(step) + " " + style.red("✗ failed") + " (" + (exit == null ? "no exit code" : "exit " + exit)
                        + ", attempt " + num(e, "attempt") + "): " + str(e, "error");
            }
            case "step_skipped":
                return style.cyan(step) + " " + style.yellow("↷ skipped") + ": " + str(e, "reason");
            case "heartbeat":
                return null;
            case "zig_session_ended": {
                String status = str(e, "status");
                Object ms = e.get("duration_ms");
                String text = "■ session ended: " + status + (ms == null ? "" : " (" + duration(((Number) ms).longValue()) + ")");
                return "success".equals(status) ? style.green(text) : style.red(text);
            }
            default:
                return style.dim("? " + type);
        }
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }

    /** {@code hh:mm:ss.fff} of a stored {@code ts} (UTC, as stored). */
    static String clock(String ts) {
        int t = ts.indexOf('T');
        int end = ts.indexOf('+', t);
        if (end < 0) {
            end = ts.indexOf('Z', t);
        }
        return t < 0 ? ts : ts.substring(t + 1, end < 0 ? ts.length() : end);
    }

    /** 850ms, 1.2s, 1m05s, 2h03m (no String.format: its parser costs a cold client milliseconds). */
    static String duration(long ms) {
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            long tenths = (ms + 50) / 100;
            return tenths / 10 + "." + tenths % 10 + "s";
        }
        long s = ms / 1000;
        if (s < 3600) {
            return s / 60 + "m" + twoDigits(s % 60) + "s";
        }
        return s / 3600 + "h" + twoDigits((s % 3600) / 60) + "m";
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    static String oneLine(String s, int max) {
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }

    static String str(Map<String, Object> e, String key) {
        Object v = e.get(key);
        return v == null ? "" : v.toString();
    }

    static long num(Map<String, Object> e, String key) {
        Object v = e.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> e, String key) {
        Object v = e.get(key);
        return v instanceof List<?> list ? (List<String>) list : List.of();
    }
}
