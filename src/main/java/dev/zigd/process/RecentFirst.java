package dev.zigd.process;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * zag's "recent first" order ({@code list_recent}): {@code started_at} parsed as RFC 3339, newest first, entries
 * whose {@code started_at} does not parse last; ties by {@code id} descending (compared as UTF-8 bytes, as Rust
 * compares strings). The sort is stable, as Rust's {@code sort_by}.
 */
final class RecentFirst {
    /** RFC 3339 {@code date-time} as chrono's {@code parse_from_rfc3339} takes it ({@code T}, {@code t} or a space). */
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    private RecentFirst() {
    }

    static List<ProcessEntry> sort(List<ProcessEntry> entries) {
        record Keyed(ProcessEntry entry, Instant at) {
        }
        List<Keyed> keyed = new ArrayList<>(entries.size());
        for (ProcessEntry entry : entries) {
            keyed.add(new Keyed(entry, parse(entry.startedAt())));
        }
        keyed.sort(Comparator.comparing(Keyed::at, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
                .thenComparing((a, b) -> compareUtf8(b.entry.id(), a.entry.id())));
        List<ProcessEntry> out = new ArrayList<>(keyed.size());
        keyed.forEach(k -> out.add(k.entry));
        return out;
    }

    /** The instant of an RFC 3339 timestamp, or null when it is not one. */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = RFC3339.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            int second = Integer.parseInt(m.group(6));
            long nanos = 0;
            if (m.group(7) != null) {
                String digits = m.group(7);
                String nine = digits.length() >= 9 ? digits.substring(0, 9) : (digits + "000000000").substring(0, 9);
                nanos = Long.parseLong(nine);
            }
            if (second == 60) {
                // A leap second: chrono orders it after :59 and before the next minute.
                second = 59;
                nanos = 999_999_999;
            }
            int offsetSeconds = 0;
            if (m.group(8) == null) {
                int hours = Integer.parseInt(m.group(10));
                int minutes = Integer.parseInt(m.group(11));
                if (hours > 23 || minutes > 59) {
                    return null;
                }
                offsetSeconds = (hours * 3600 + minutes * 60) * (m.group(9).equals("-") ? -1 : 1);
            }
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), second,
                    (int) nanos);
            return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Code point order, which is UTF-8 byte order (String.compareTo orders UTF-16 units, which differs). */
    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
