package dev.zigd.index;

import dev.zigd.event.EventBody.SessionStatus;

/** One entry of a project's {@code index.json}, fields in file order. */
public record ProjectEntry(String zigSessionId, String workflowName, String workflowPath, String logPath,
        String startedAt, String endedAt, SessionStatus status, String workspacePath) {

    public ProjectEntry ended(String at, SessionStatus endStatus) {
        return new ProjectEntry(zigSessionId, workflowName, workflowPath, logPath, startedAt, at, endStatus,
                workspacePath);
    }
}
