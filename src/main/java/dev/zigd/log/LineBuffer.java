package dev.zigd.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A growable byte buffer whose content can be written to a channel without a copy. */
final class LineBuffer extends ByteArrayOutputStream {
    LineBuffer() {
        super(4096);
    }

    String text(int offset, int length) {
        return new String(buf, offset, length, StandardCharsets.UTF_8);
    }

    ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(buf, 0, count);
    }
}
