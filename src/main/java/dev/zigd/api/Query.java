package dev.zigd.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.zigd.error.ZigdException;

/** Query parameters, checked: a malformed value is a 400 that names the parameter (JAX-RS would answer 404). */
public final class Query {
    /** Every type a log can hold, for {@code ?type=} filters. */
    public static final List<String> ALL_TYPES = List.of("zig_session_started", "tier_started", "step_started",
            "step_output", "step_completed", "step_failed", "step_skipped", "heartbeat", "zig_session_ended");

    private Query() {
    }

    public static Long nonNegative(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw ZigdException.badRequest("query parameter '" + name + "' must be a non-negative integer, got '" + value + "'");
    }

    /** {@code a,b} → the set of types; null when absent. Unknown names are refused with the accepted list. */
    public static Set<String> types(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : value.split(",")) {
            String type = part.strip();
            if (ALL_TYPES.contains(type)) {
                types.add(type);
            } else if (!type.isEmpty()) {
                unknown.add(type);
            }
        }
        if (!unknown.isEmpty()) {
            throw ZigdException.badRequest("query parameter 'type' names unknown event types " + unknown
                    + "; known types: " + String.join(", ", ALL_TYPES));
        }
        return types;
    }
}
