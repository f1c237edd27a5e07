package dev.zigd.event;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The type-specific part of a session event: one record per {@code type} of format.md, with its fields in the
 * order they are written after {@code type}. Nullable components are the fields format.md marks {@code |null};
 * they are written as {@code null}, never left out.
 */
public sealed interface EventBody {

    /** The wire name written as {@code "type"}. */
    String type();

    record ZigSessionStarted(String workflowName, String workflowPath, String workspacePath, String cwd,
            String prompt, long tierCount) implements EventBody {
        public String type() {
            return "zig_session_started";
        }
    }

    record TierStarted(long tierIndex, List<String> stepNames) implements EventBody {
        public String type() {
            return "tier_started";
        }
    }

    record StepStarted(String stepName, long tierIndex, String zagSessionId, String zagCommand, String model,
            String promptPreview) implements EventBody {
        public String type() {
            return "step_started";
        }
    }

    record StepOutput(String stepName, OutputStream stream, String line) implements EventBody {
        public String type() {
            return "step_output";
        }
    }

    record StepCompleted(String stepName, int exitCode, long durationMs, List<String> savedVars) implements EventBody {
        public String type() {
            return "step_completed";
        }
    }

    record StepFailed(String stepName, Integer exitCode, long attempt, String error) implements EventBody {
        public String type() {
            return "step_failed";
        }
    }

    record StepSkipped(String stepName, String reason) implements EventBody {
        public String type() {
            return "step_skipped";
        }
    }

    /** Written by the daemon only, every heartbeat interval while the session is open. */
    record Heartbeat(long intervalSecs) implements EventBody {
        public String type() {
            return "heartbeat";
        }
    }

    /**
     * Ends the session. {@code durationMs} is null only on the way in, when a client leaves it out; the
     * writer measures it from the session's start before the event is written.
     */
    record ZigSessionEnded(SessionStatus status, Long durationMs) implements EventBody {
        public String type() {
            return "zig_session_ended";
        }
    }

    enum OutputStream {
        @JsonProperty("stdout")
        STDOUT,
        @JsonProperty("stderr")
        STDERR
    }

    enum SessionStatus {
        @JsonProperty("success")
        SUCCESS,
        @JsonProperty("failure")
        FAILURE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
