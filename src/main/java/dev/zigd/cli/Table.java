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

    /** The row with one more cell in front (the fleet's HOST column). */
    static String[] withFirst(String first, String... cells) {
        String[] row = new String[cells.length + 1];
        row[0] = first;
        System.arraycopy(cells, 0, row, 1, cells.length);
        return row;
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

    /**
     * An RFC 3339 time as zig and zag write it ({@code 2026-03-01T12:00:00.123+00:00}), read by hand: java.time's
     * formatter costs a cold client more than the rest of the table (bench/README.md "CLI"). Other forms fall back
     * to {@link OffsetDateTime#parse}; what does not parse is null.
     */
    static Instant instant(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        long seconds = fastEpochSeconds(rfc3339);
        if (seconds != Long.MIN_VALUE) {
            return Instant.ofEpochSecond(seconds);
        }
        try {
            return OffsetDateTime.parse(rfc3339.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long fastEpochSeconds(String s) {
        if (s.length() < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || minute < 0 || second < 0) {
            return Long.MIN_VALUE;
        }
        int at = 19;
        if (at < s.length() && s.charAt(at) == '.') {
            at++;
            while (at < s.length() && Character.isDigit(s.charAt(at))) {
                at++;
            }
        }
        long offset;
        String zone = s.substring(at);
        if (zone.equals("Z") || zone.equals("z")) {
            offset = 0;
        } else if (zone.length() == 6 && (zone.charAt(0) == '+' || zone.charAt(0) == '-') && zone.charAt(3) == ':') {
            int h = digits(zone, 1, 3);
            int m = digits(zone, 4, 6);
            if (h < 0 || m < 0) {
                return Long.MIN_VALUE;
            }
            offset = (zone.charAt(0) == '-' ? -1 : 1) * (h * 3600L + m * 60L);
        } else {
            return Long.MIN_VALUE;
        }
        return daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long daysFromCivil(long year, int month, int day) {
        year -= month <= 2 ? 1 : 0;
        long era = Math.floorDiv(year, 400);
        long yoe = year - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
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
