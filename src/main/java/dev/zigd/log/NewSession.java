package dev.zigd.log;

import dev.zigd.index.Projects.Project;

/** A session to start: the fields of {@code POST /api/v1/sessions}, with its project already resolved. */
public record NewSession(String workflowName, String workflowPath, String prompt, long tierCount, String cwd,
        Project project, Long ownerPid) {
}
