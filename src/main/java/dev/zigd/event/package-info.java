/**
 * The session event model and its one JSON configuration.
 *
 * <p>{@link dev.zigd.event.EventBody} has one record per event type of format.md; {@link dev.zigd.event.Event}
 * is the envelope ({@code seq}, {@code ts}, {@code zig_session_id}) the writer stamps. {@link dev.zigd.event.ZigJson}
 * writes the exact bytes zig writes (serde_json's escaping and pretty layout), {@link dev.zigd.event.Timestamps}
 * formats {@code ts} like chrono's {@code to_rfc3339}, and {@link dev.zigd.event.EventDecoder} turns client JSON
 * and stored lines back into events with errors that name the field.
 */
package dev.zigd.event;
