package dev.zigd.event;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The bytes of {@code serde_json::to_string_pretty} of {@code {"<key>": [entries]}}, as {@link ZigJson#pretty}
 * writes them, but serializing only the entries it has not seen in its previous call (by identity): the others'
 * bytes are reused, so writing a large file (an index of 10,000 sessions, a process store) costs a copy rather
 * than a serialization of every entry.
 *
 * <p>The file is {@code {\n  "<key>": [\n} + entries joined by {@code ,\n} + {@code \n  ]\n}}; an entry's block is
 * its own pretty form indented by four spaces after every line break (JSON strings hold no raw line break, and
 * 0x0A is never part of a multi-byte UTF-8 sequence). An empty list is {@code {\n  "<key>": []\n}}. One thread
 * at a time.
 */
public final class PrettyList<E> {
    private static final byte[] SEPARATOR = ",\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "\n  ]\n}".getBytes(StandardCharsets.UTF_8);
    private static final int INDENT = 4;

    private final byte[] head;
    private final byte[] empty;
    private IdentityHashMap<E, byte[]> blocks = new IdentityHashMap<>();

    public PrettyList(String key) {
        this.head = ("{\n  \"" + key + "\": [\n").getBytes(StandardCharsets.UTF_8);
        this.empty = ("{\n  \"" + key + "\": []\n}").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] encode(List<? extends E> entries) {
        if (entries.isEmpty()) {
            blocks = new IdentityHashMap<>();
            return empty.clone();
        }
        IdentityHashMap<E, byte[]> next = new IdentityHashMap<>(entries.size() * 2);
        byte[][] parts = new byte[entries.size()][];
        long size = head.length + TAIL.length + (long) SEPARATOR.length * (entries.size() - 1);
        for (int i = 0; i < parts.length; i++) {
            E entry = entries.get(i);
            byte[] block = blocks.get(entry);
            if (block == null) {
                block = next.get(entry);
            }
            if (block == null) {
                block = block(entry);
            }
            next.put(entry, block);
            parts[i] = block;
            size += block.length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a file of " + size + " bytes is too large");
        }
        byte[] out = new byte[(int) size];
        int at = put(out, 0, head);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                at = put(out, at, SEPARATOR);
            }
            at = put(out, at, parts[i]);
        }
        put(out, at, TAIL);
        blocks = next;
        return out;
    }

    private static byte[] block(Object entry) {
        byte[] alone = ZigJson.pretty(entry);
        int breaks = 0;
        for (byte b : alone) {
            if (b == '\n') {
                breaks++;
            }
        }
        byte[] out = new byte[alone.length + INDENT * (breaks + 1)];
        int at = indent(out, 0);
        for (byte b : alone) {
            out[at++] = b;
            if (b == '\n') {
                at = indent(out, at);
            }
        }
        return out;
    }

    private static int indent(byte[] out, int at) {
        for (int i = 0; i < INDENT; i++) {
            out[at++] = ' ';
        }
        return at;
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }
}
