package dev.zigd.log;

/**
 * An event as the writer wrote it: {@code line} is the stored line without its {@code \n}, byte for byte what a
 * subscriber receives; the other fields are what subscribers filter on.
 */
public record WrittenEvent(String sessionId, long seq, String type, String line, String workflowName,
        String workspacePath) {

    public boolean endsSession() {
        return type.equals("zig_session_ended");
    }
}
