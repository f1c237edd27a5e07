package dev.zigd.log;

/** The {@code seq} range one request's events were written under. */
public record Appended(long firstSeq, long lastSeq) {
}
