package dev.zigd.forward;

/** One whole line of a session log: its {@code seq} and {@code type}, its bytes (no {@code \n}), where it ends. */
public record StoredLine(long seq, String type, byte[] bytes, long endOffset) {
}
