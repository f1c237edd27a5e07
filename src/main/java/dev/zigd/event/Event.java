package dev.zigd.event;

/**
 * One line of a session log: the envelope the writer stamps ({@code seq}, {@code ts}, {@code zig_session_id})
 * around an {@link EventBody}. Written by {@link ZigJson#line(Event)} with the keys in exactly that order,
 * followed by {@code type} and the body's fields.
 */
public record Event(long seq, String ts, String zigSessionId, EventBody body) {
}
