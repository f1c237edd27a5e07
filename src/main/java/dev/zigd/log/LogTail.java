package dev.zigd.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.files.ContainedFiles;
import dev.zigd.event.EventDecoder;
import dev.zigd.event.InvalidInputException;

/**
 * Continues a log someone wrote before: cuts a torn last line (a crash mid-append leaves a line without its
 * {@code \n}; it is not an event) and reads the {@code seq} of the last whole line.
 */
public final class LogTail {
    private static final int BLOCK = 8192;

    private LogTail() {
    }

    /** The last whole line's {@code seq} (0 for an empty log), after cutting any torn tail off the file. */
    static long recover(FileChannel channel) throws IOException {
        String last = lastLine(channel);
        if (last == null) {
            return 0;
        }
        try {
            JsonNode seq = EventDecoder.parse(last).get("seq");
            if (seq == null || !seq.canConvertToLong()) {
                throw new IOException("its last line has no seq: " + abbreviate(last));
            }
            return seq.longValue();
        } catch (InvalidInputException e) {
            throw new IOException("its last line does not parse (" + e.getMessage() + "): " + abbreviate(last));
        }
    }

    /**
     * Cuts a torn tail off the log, then returns its last whole line (without {@code \n}), or null for an empty
     * log. Blocking.
     */
    public static String repair(Path zigDir, Path log) throws IOException {
        // The path comes from an index entry: only a log inside zigd's directory, never through a link.
        try (FileChannel channel = ContainedFiles.open(zigDir, log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return lastLine(channel);
        }
    }

    private static String lastLine(FileChannel channel) throws IOException {
        long size = channel.size();
        long lastNewline = lastNewlineBefore(channel, size);
        if (lastNewline + 1 != size) {
            channel.truncate(lastNewline + 1);
        }
        if (lastNewline < 0) {
            return null;
        }
        long lineStart = lastNewlineBefore(channel, lastNewline) + 1;
        ByteBuffer line = ByteBuffer.allocate((int) (lastNewline - lineStart));
        while (line.hasRemaining()) {
            if (channel.read(line, lineStart + line.position()) < 0) {
                throw new IOException("log ended while reading its last line");
            }
        }
        return new String(line.array(), StandardCharsets.UTF_8);
    }

    /** Position of the last {@code \n} strictly before {@code end}, or -1. */
    private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long blockEnd = end;
        while (blockEnd > 0) {
            long blockStart = Math.max(0, blockEnd - BLOCK);
            block.clear().limit((int) (blockEnd - blockStart));
            while (block.hasRemaining()) {
                if (channel.read(block, blockStart + block.position()) < 0) {
                    break;
                }
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return blockStart + i;
                }
            }
            blockEnd = blockStart;
        }
        return -1;
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
