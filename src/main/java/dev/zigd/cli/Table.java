package dev.zigd.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain text table (columns padded to their widest cell), and the relative times and short ids it shows. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void add(String... cells) {
        rows.add(cells);
    }

    int size() {
        return rows.size() - 1;
    }

    void print() {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].codePointCount(0, row[c].length()));
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                out.append(row[c]);
                if (c < columns - 1) {
                    out.append(" ".repeat(width[c] - row[c].codePointCount(0, row[c].length()) + 2));
                }
            }
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == ' ') {
                end--;
            }
            out.setLength(end);
            out.append('\n');
        }
        Out.bytes(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The shortest prefix length, 8 at least, at which every id of the list is distinct. */
    static int prefixLength(List<String> ids) {
        for (int length = 8; length < 36; length++) {
            Set<String> seen = new HashSet<>();
            boolean unique = true;
            for (String id : ids) {
                if (!seen.add(id.substring(0, Math.min(length, id.length())))) {
                    unique = false;
                    break;
                }
            }
            if (unique) {
                return length;
            }
        }
        return 36;
    }

    static Instant instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "12s ago", "5m ago", "3h ago", "4d ago". */
    static String ago(String rfc3339, Instant now) {
        Instant then = instant(rfc3339);
        if (then == null) {
            return rfc3339 == null ? "" : rfc3339;
        }
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86_400) {
            return s / 3600 + "h ago";
        }
        return s / 86_400 + "d ago";
    }

    /** From start to end, or to now (marked "+") while it runs. */
    static String span(String start, String end, Instant now) {
        Instant from = instant(start);
        if (from == null) {
            return "";
        }
        Instant to = instant(end);
        long ms = Duration.between(from, to == null ? now : to).toMillis();
        return EventFormat.duration(Math.max(0, ms)) + (to == null ? "+" : "");
    }

    static String lastSegment(String path) {
        if (path == null || path.isEmpty()) {
            return "-";
        }
        int slash = path.lastIndexOf('/', path.length() - 2);
        return path.substring(slash + 1);
    }
}
