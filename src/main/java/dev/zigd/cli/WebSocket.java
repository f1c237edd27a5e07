package dev.zigd.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The client side of RFC 6455, just what {@code subscribe} needs: text frames in, pongs and a close out. */
final class WebSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Http.Connection connection;
    private final InputStream in;
    private final OutputStream out;
    /** Set once the server closed: its code and reason. */
    int closeCode = -1;
    String closeReason = "";

    private WebSocket(Http.Connection connection) {
        this.connection = connection;
        this.in = connection.in;
        this.out = connection.out;
    }

    static WebSocket open(Client client, String path) throws IOException {
        Http.Connection connection = client.endpoint.connect();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Map<String, String> headers = new LinkedHashMap<>(client.headers(true));
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        headers.put("Sec-WebSocket-Version", "13");
        Http.Response response;
        try {
            response = connection.exchange("GET", path, headers, null);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        if (response.status() != 101) {
            throw Client.refused(response.status(), response.text());
        }
        return new WebSocket(connection);
    }

    /** The next text message, or null once the server closed (see closeCode and closeReason). */
    String receive() throws IOException {
        java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return null;
            }
            int opcode = b0 & 0x0f;
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] mask = null;
            if ((b1 & 0x80) != 0) {
                mask = in.readNBytes(4);
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                return null;
            }
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            switch (opcode) {
                case 0x8 -> {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    send(0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    return null;
                }
                case 0x9 -> send(0xA, payload);
                case 0x1, 0x0 -> {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
                default -> {
                    // pong or binary: nothing to do
                }
            }
        }
    }

    private void send(int opcode, byte[] payload) {
        try {
            byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            byte[] frame = new byte[2 + 4 + payload.length];
            frame[0] = (byte) (0x80 | opcode);
            frame[1] = (byte) (0x80 | payload.length); // control frames: at most 125 bytes
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            out.write(frame);
            out.flush();
        } catch (IOException ignored) {
            // the server is gone already
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
