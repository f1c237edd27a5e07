package dev.zigd.log;

import dev.zigd.index.Projects.Project;

/**
 * A session to start: the fields of {@code POST /api/v1/sessions}, with its id chosen (a UUIDv4) and its project
 * resolved.
 */
public record NewSession(String id, String workflowName, String workflowPath, String prompt, long tierCount, String cwd,
        Project project, Long ownerPid) {
}
