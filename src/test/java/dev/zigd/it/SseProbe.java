package dev.zigd.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A Server-Sent Events request over the Unix socket, its response text kept as it arrives. */
final class SseProbe implements AutoCloseable {
    private final SocketChannel channel;
    private final StringBuilder text = new StringBuilder();

    private SseProbe(SocketChannel channel) {
        this.channel = channel;
    }

    static SseProbe open(Path socket, String path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.write(ByteBuffer.wrap(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        return new SseProbe(channel);
    }

    /** Reads until {@code expected} has arrived (the socket blocks; the test's own timeout bounds it). */
    void await(String expected) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (!text.toString().contains(expected)) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new IOException("stream ended before '" + expected + "': " + text);
            }
            text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        }
    }

    /** Reads until {@code expected} has arrived after {@code after}. */
    void await(String expected, String after) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (text.indexOf(after) < 0 || text.indexOf(expected, text.indexOf(after) + after.length()) < 0) {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                throw new IOException("stream ended before '" + after + "…" + expected + "': " + text);
            }
            text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        }
    }

    String text() {
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
