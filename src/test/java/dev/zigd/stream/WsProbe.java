package dev.zigd.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.zigd.ApiClient;

/**
 * A small real WebSocket client (RFC 6455) over TCP or a Unix socket that records every text frame and how the
 * server closed. {@link #pause()} stops reading from the socket, as a subscriber that cannot keep up does.
 */
public final class WsProbe implements AutoCloseable {
    public final List<String> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Short> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    final int handshakeStatus;
    private final SocketChannel channel;
    private final Object readGate = new Object();
    private volatile boolean paused;
    private ByteBuffer in = ByteBuffer.allocate(1 << 16);

    private WsProbe(SocketChannel channel, int handshakeStatus) {
        this.channel = channel;
        this.handshakeStatus = handshakeStatus;
        if (handshakeStatus == 101) {
            Thread reader = new Thread(this::readLoop, "ws-probe");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Over TCP with the test token. */
    public static WsProbe tcp(int port, String uri) throws IOException {
        return connect(new InetSocketAddress("127.0.0.1", port), uri, "Authorization: Bearer " + ApiClient.TOKEN + "\r\n");
    }

    /** Over the Unix socket, without a token. */
    public static WsProbe unix(Path socket, String uri) throws IOException {
        return connect(UnixDomainSocketAddress.of(socket), uri, "");
    }

    public static WsProbe connect(SocketAddress address, String uri, String extraHeaders) throws IOException {
        SocketChannel channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open();
        channel.connect(address);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String request = "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
        channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                break;
            }
            head.write(one.array()[0]);
        }
        String response = head.toString(StandardCharsets.US_ASCII);
        int status = response.length() >= 12 ? Integer.parseInt(response.substring(9, 12)) : -1;
        return new WsProbe(channel, status);
    }

    void pause() {
        paused = true;
    }

    void resume() {
        synchronized (readGate) {
            paused = false;
            readGate.notifyAll();
        }
    }

    private void readLoop() {
        in.flip();
        try {
            while (true) {
                int b0 = next() & 0xff;
                int b1 = next() & 0xff;
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = ((next() & 0xff) << 8) | (next() & 0xff);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | (next() & 0xff);
                    }
                }
                byte[] payload = new byte[(int) length];
                for (int i = 0; i < length; i++) {
                    payload[i] = next();
                }
                int opcode = b0 & 0x0f;
                if (opcode == 1) {
                    frames.add(new String(payload, StandardCharsets.UTF_8));
                } else if (opcode == 8) {
                    short code = payload.length >= 2 ? (short) (((payload[0] & 0xff) << 8) | (payload[1] & 0xff)) : 1005;
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    try {
                        writeFrame(8, payload);
                    } catch (IOException ignored) {
                        // the server may have gone already
                    }
                    closeCode.complete(code);
                    channel.close();
                    return;
                } else if (opcode == 9) {
                    writeFrame(10, payload);
                }
            }
        } catch (IOException | InterruptedException e) {
            closeCode.complete((short) 1006);
        }
    }

    private byte next() throws IOException, InterruptedException {
        while (!in.hasRemaining()) {
            synchronized (readGate) {
                while (paused) {
                    readGate.wait();
                }
            }
            in.clear();
            if (channel.read(in) < 0) {
                throw new IOException("closed without a close frame");
            }
            in.flip();
        }
        return in.get();
    }

    public String send(String text) throws Exception {
        int before = frames.size();
        writeFrame(1, text.getBytes(StandardCharsets.UTF_8));
        awaitFrames(before + 1, Duration.ofSeconds(10));
        return frames.get(before);
    }

    synchronized void writeFrame(int opcode, byte[] payload) throws IOException {
        writeFrame(true, opcode, payload);
    }

    /** One frame, the last of its message or not ({@code opcode} 0: a continuation). */
    synchronized void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = { 1, 2, 3, 4 };
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        frame.flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    public short awaitClose(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void awaitFrames(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        if (!closeCode.isDone() && channel.isOpen()) {
            try {
                writeFrame(8, new byte[] { 0x03, (byte) 0xe8 });
            } catch (IOException ignored) {
                // already gone
            }
        }
        channel.close();
    }
}
