package dev.zigd.index;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.zigd.event.EventBody.SessionStatus;

/**
 * One entry of {@code sessions_index.json}, fields in file order. {@code project} is the session's
 * {@code workspace_path}, or {@code ""} when it has none.
 */
public record GlobalEntry(String zigSessionId, String workflowName, String project, String logPath,
        String startedAt, String endedAt, SessionStatus status) {

    public GlobalEntry ended(String at, SessionStatus endStatus) {
        return new GlobalEntry(zigSessionId, workflowName, project, logPath, startedAt, at, endStatus);
    }

    @JsonIgnore
    public boolean isOpen() {
        return endedAt == null && status == null;
    }
}
