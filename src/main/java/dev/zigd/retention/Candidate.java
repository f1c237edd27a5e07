package dev.zigd.retention;

import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.zigd.index.GlobalEntry;

/**
 * An ended session chosen to go, as the API lists it: {@code id}, {@code workflow}, {@code project} (its
 * {@code workspace_path}, {@code ""} when none), {@code ended_at}, {@code bytes} (its log's size).
 *
 * <p>It holds the index's own entry rather than copies of its strings (or a {@link Path}): a selection over
 * 100,000 sessions then costs a few tens of bytes per ended session beyond what the index already holds.
 */
@JsonPropertyOrder({ "id", "workflow", "project", "ended_at", "bytes" })
public record Candidate(@JsonIgnore GlobalEntry entry, @JsonProperty("bytes") long bytes, @JsonIgnore Instant ended) {

    @JsonProperty("id")
    public String id() {
        return entry.zigSessionId();
    }

    @JsonProperty("workflow")
    public String workflow() {
        return entry.workflowName();
    }

    @JsonProperty("project")
    public String project() {
        return entry.project();
    }

    @JsonProperty("ended_at")
    public String endedAt() {
        return entry.endedAt();
    }

    /** The log, as {@link Selection#removableLog} accepted it (normalized); made when needed, never kept. */
    @JsonIgnore
    public Path log() {
        return Path.of(entry.logPath()).normalize();
    }
}
