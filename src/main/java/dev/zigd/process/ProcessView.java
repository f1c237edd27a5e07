package dev.zigd.process;

/** An entry as the API shows it: the stored fields in file order, then {@code live_status}. */
public record ProcessView(String id, long pid, String sessionId, String provider, String model, String command,
        String prompt, String startedAt, String status, Integer exitCode, String exitedAt, String root,
        String parentProcessId, String parentSessionId, String liveStatus) {

    public static ProcessView of(ProcessEntry e, String liveStatus) {
        return new ProcessView(e.id(), e.pid(), e.sessionId(), e.provider(), e.model(), e.command(), e.prompt(),
                e.startedAt(), e.status(), e.exitCode(), e.exitedAt(), e.root(), e.parentProcessId(),
                e.parentSessionId(), liveStatus);
    }
}
