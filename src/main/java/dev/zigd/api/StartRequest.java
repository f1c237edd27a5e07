package dev.zigd.api;

import dev.zigd.event.EventDecoder;
import dev.zigd.event.Fields;
import dev.zigd.index.Projects.Project;
import dev.zigd.log.NewSession;

/** The body of {@code POST /api/v1/sessions}. */
record StartRequest(String workflowName, String workflowPath, String prompt, long tierCount, String cwd,
        String root, Long ownerPid) {

    static StartRequest decode(byte[] body) {
        Fields f = Fields.of(EventDecoder.parse(body), "the request body");
        return new StartRequest(f.string("workflow_name"), f.string("workflow_path"), f.optionalString("prompt"),
                f.unsigned("tier_count", 0), f.optionalString("cwd"), f.optionalString("root"),
                f.has("owner_pid") ? f.integer("owner_pid", 1, Integer.MAX_VALUE) : null);
    }

    NewSession in(String id, Project project) {
        return new NewSession(id, workflowName, workflowPath, prompt, tierCount, cwd, project, ownerPid);
    }
}
