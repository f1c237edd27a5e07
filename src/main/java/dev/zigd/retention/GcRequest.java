package dev.zigd.retention;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.event.EventDecoder;
import dev.zigd.event.Fields;
import dev.zigd.event.InvalidInputException;
import dev.zigd.retention.Selection.Policy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySizeConverter;

/**
 * {@code POST /api/v1/sessions/gc}: {@code {"older_than":"7d","max_total_size":"10G","dry_run":true}}, every field
 * optional. {@code dry_run} defaults to true. With neither limit given, the configured policy
 * ({@code zigd.retention.sessions.*}) is used; with none configured either, the request is refused.
 */
record GcRequest(Policy policy, boolean dryRun) {

    static GcRequest parse(byte[] body, Policy configured) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return withDefaults(Optional.empty(), Optional.empty(), true, configured);
        }
        JsonNode root = EventDecoder.parse(body);
        Fields f = Fields.of(root, "the request body");
        Optional<Duration> olderThan = Optional.ofNullable(f.optionalString("older_than")).map(GcRequest::age);
        Optional<Long> maxTotal = Optional.ofNullable(f.optionalString("max_total_size")).map(GcRequest::size);
        boolean dryRun = true;
        JsonNode flag = root.get("dry_run");
        if (flag != null && !flag.isNull()) {
            if (!flag.isBoolean()) {
                throw new InvalidInputException("field 'dry_run' must be a boolean, got " + flag);
            }
            dryRun = flag.booleanValue();
        }
        return withDefaults(olderThan, maxTotal, dryRun, configured);
    }

    private static GcRequest withDefaults(Optional<Duration> olderThan, Optional<Long> maxTotal, boolean dryRun,
            Policy configured) {
        Policy policy = olderThan.isEmpty() && maxTotal.isEmpty() ? configured : new Policy(olderThan, maxTotal);
        if (policy.removesNothing()) {
            throw new InvalidInputException("give 'older_than' (like \"7d\") or 'max_total_size' (like \"10G\"):"
                    + " no retention policy is configured (zigd.retention.sessions.max-age, .max-total-size)");
        }
        return new GcRequest(policy, dryRun);
    }

    /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 10s}, {@code 0s}, or ISO-8601 ({@code P7D}). */
    static Duration age(String text) {
        Duration age;
        try {
            age = DurationConverter.parseDuration(text.trim());
        } catch (RuntimeException e) {
            age = null;
        }
        if (age == null || age.isNegative()) {
            throw new InvalidInputException("field 'older_than' must be an age like \"7d\", \"12h\" or \"30m\", got \""
                    + text + "\"");
        }
        return age;
    }

    /** {@code 10G}, {@code 500M}, {@code 64K}, or a number of bytes. */
    static long size(String text) {
        long bytes;
        try {
            bytes = new MemorySizeConverter().convert(text.trim()).asLongValue();
        } catch (RuntimeException e) {
            bytes = -1;
        }
        if (bytes < 0) {
            throw new InvalidInputException("field 'max_total_size' must be a size like \"10G\", \"500M\" or a number"
                    + " of bytes, got \"" + text + "\"");
        }
        return bytes;
    }
}
