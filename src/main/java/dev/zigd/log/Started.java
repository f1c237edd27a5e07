package dev.zigd.log;

/** The answer to a session start: its id and where it lives. */
public record Started(String zigSessionId, String logPath, String workspacePath, String startedAt) {
}
