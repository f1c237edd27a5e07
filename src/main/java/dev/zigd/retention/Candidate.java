package dev.zigd.retention;

import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An ended session chosen to go, as the API lists it: {@code id}, {@code workflow}, {@code project} (its
 * {@code workspace_path}, {@code ""} when none), {@code ended_at}, {@code bytes} (its log's size).
 */
public record Candidate(@JsonProperty("id") String id, @JsonProperty("workflow") String workflow,
        @JsonProperty("project") String project, @JsonProperty("ended_at") String endedAt,
        @JsonProperty("bytes") long bytes, @JsonIgnore Path log, @JsonIgnore Instant ended) {
}
