package dev.zigd.log;

/**
 * Receives stored lines from {@link LogCursor} and {@link ReverseLogCursor}: the line's {@code seq} and
 * {@code type}, and its bytes (without the {@code \n}) in a buffer the reader reuses: copy what you keep.
 */
@FunctionalInterface
public interface LineVisitor {

    /** @return false to stop reading after this line (the cursor then stands right after it) */
    boolean visit(long seq, String type, byte[] bytes, int offset, int length);
}
