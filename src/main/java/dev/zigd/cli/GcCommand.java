package dev.zigd.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code zigd gc [processes|sessions]}: old finished processes (POST /api/v1/processes/gc) and old ended sessions
 * (POST /api/v1/sessions/gc, issue 17). A dry run unless {@code --force}: it says what it would remove.
 */
@Command(name = "gc", description = "Remove old finished processes and ended sessions (a dry run unless --force).")
final class GcCommand implements Callable<Integer> {
    enum What { all, processes, sessions }

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "WHAT", arity = "0..1", defaultValue = "all",
            description = "processes, sessions or all (default).")
    What what;

    @Option(names = "--older-than", paramLabel = "AGE", defaultValue = "7d",
            description = "Only what started before now minus AGE: <N>d or <N>h (default ${DEFAULT-VALUE}).")
    String olderThan;

    @Option(names = "--max-total-size", paramLabel = "SIZE",
            description = "Sessions: also remove the oldest ended ones until their logs fit in SIZE (e.g. 10G).")
    String maxTotalSize;

    @Mixin
    ReadOnlyFleetOption fleet;

    @Option(names = "--force", description = "Remove for real (default: only say what would go).")
    boolean force;

    @Option(names = "--json", description = "Print the API's answer ({\"processes\":…,\"sessions\":…} for all).")
    boolean json;

    @Override
    public Integer call() {
        fleet.refuse("gc", CliException.REFUSED);
        Client client = connection.client();
        String processes = null;
        if (what != What.sessions) {
            processes = client.post("/api/v1/processes/gc", Json.obj("older_than", olderThan, "dry_run", !force));
            if (!json) {
                report("process", "processes", Json.object(processes));
            }
        }
        String sessions = null;
        if (what != What.processes) {
            String request = maxTotalSize == null ? Json.obj("older_than", olderThan, "dry_run", !force)
                    : Json.obj("older_than", olderThan, "max_total_size", maxTotalSize, "dry_run", !force);
            Client.Reply reply = client.send("POST", "/api/v1/sessions/gc", request);
            if (reply.status() == 404 || reply.status() == 405) {
                Out.flush();
                throw new CliException(CliException.REFUSED, "this daemon cannot clean up sessions (POST /api/v1/sessions/gc"
                        + " answered " + reply.status() + "; it needs a newer zigd)"
                        + (what == What.all ? "; processes were handled above, `zigd gc processes` does only those" : ""));
            }
            if (reply.status() / 100 != 2) {
                throw Client.refused(reply.status(), reply.body());
            }
            sessions = reply.body();
            if (!json) {
                report("session", "sessions", Json.object(sessions));
            }
        }
        if (json) {
            Out.line(what == What.all ? "{\"processes\":" + processes.strip() + ",\"sessions\":" + sessions.strip() + "}"
                    : (processes != null ? processes : sessions).strip());
        }
        return 0;
    }

    private void report(String noun, String nouns, Map<String, Object> answer) {
        // processes gc lists them under "removed", sessions gc under "sessions" (docs/retention.md)
        Object removed = answer.containsKey("removed") ? answer.get("removed") : answer.get("sessions");
        List<?> items = removed instanceof List<?> list ? list : List.of();
        boolean dryRun = !Boolean.FALSE.equals(answer.get("dry_run"));
        Object freed = answer.containsKey("bytes_freed") ? answer.get("bytes_freed") : answer.get("freed_bytes");
        String size = freed instanceof Number n ? ", " + bytes(n.longValue()) : "";
        // sessions gc lists at most its first 1,000 and counts them all in "count" (docs/retention.md)
        long count = answer.get("count") instanceof Number n ? n.longValue() : items.size();
        if (count == 0) {
            Out.line("no " + nouns + " to remove (older than " + olderThan + ")");
            return;
        }
        Out.line((dryRun ? "would remove " : "removed ") + count + " " + (count == 1 ? noun : nouns)
                + size + (dryRun ? " (a dry run: add --force to remove them)" : "") + ":");
        for (Object item : items) {
            Out.line("  " + describe(item));
        }
        if (count > items.size()) {
            Out.line("  … and " + (count - items.size()) + " more (only the first " + items.size() + " are listed)");
        }
    }

    private static String describe(Object item) {
        if (item instanceof Map<?, ?> map) {
            Object id = map.containsKey("zig_session_id") ? map.get("zig_session_id") : map.get("id");
            Object b = map.containsKey("bytes") ? map.get("bytes") : map.get("size");
            return id + (b instanceof Number n ? " (" + bytes(n.longValue()) + ")" : "");
        }
        return String.valueOf(item);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format("%.1f GiB", n / (1024.0 * 1024 * 1024));
    }
}
