package dev.zigd.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** A growable byte buffer whose content can be written to a channel without a copy. */
final class LineBuffer extends ByteArrayOutputStream {
    LineBuffer() {
        super(4096);
    }

    ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(buf, 0, count);
    }
}
