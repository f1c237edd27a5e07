package dev.zigd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** zag's process ids as the user types them: a full id or a unique prefix, resolved against the daemon's list. */
final class Processes {
    private Processes() {
    }

    @SuppressWarnings("unchecked")
    static String resolve(Client client, String prefix) {
        String lower = prefix.toLowerCase(java.util.Locale.ROOT);
        List<Map<String, Object>> all = (List<Map<String, Object>>) Json.parse(client.get("/api/v1/processes"));
        List<String> matches = new ArrayList<>();
        for (Map<String, Object> entry : all) {
            String id = EventFormat.str(entry, "id");
            if (id.equals(lower)) {
                return id;
            }
            if (id.startsWith(lower)) {
                matches.add(id);
            }
        }
        if (matches.isEmpty()) {
            throw new CliException(CliException.REFUSED, "Process not found: " + prefix + " (`zigd ps` lists them)");
        }
        if (matches.size() > 1) {
            throw new CliException(CliException.REFUSED, "ambiguous process id prefix '" + prefix + "'. Matches: "
                    + String.join(", ", matches.subList(0, Math.min(10, matches.size())))
                    + (matches.size() > 10 ? " and " + (matches.size() - 10) + " more" : ""));
        }
        return matches.get(0);
    }

    /** A process entry as "key: value" lines. */
    static void printEntry(Map<String, Object> entry) {
        StringBuilder out = new StringBuilder();
        int width = 0;
        for (String key : entry.keySet()) {
            width = Math.max(width, key.length());
        }
        for (Map.Entry<String, Object> field : entry.entrySet()) {
            Object v = field.getValue();
            out.append(field.getKey()).append(':').append(" ".repeat(width - field.getKey().length() + 1))
                    .append(v == null ? "-" : EventFormat.oneLine(v.toString(), 200)).append('\n');
        }
        Out.bytes(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
