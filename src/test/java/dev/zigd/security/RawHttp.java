package dev.zigd.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand on a plain TCP socket: the request target and headers go out byte for byte as given,
 * where an HTTP client would normalize the path ({@code //}, {@code /./}, {@code %2e}) or fix the Host header.
 */
final class RawHttp {
    record Reply(int status, String head, String body) {
        /** 400 from the access rule, or from the HTTP layer itself (which refuses a few forms, like '\\'). */
        boolean refusedAsNotNormal() {
            return status == 400 && (body.contains("send the path in normal form") || body.isEmpty());
        }
    }

    private RawHttp() {
    }

    static int port() {
        return io.restassured.RestAssured.port;
    }

    /** {@code GET <target>} with {@code Host: 127.0.0.1:<port>} and the extra header lines (each ending CRLF). */
    static Reply get(String target, String extraHeaders) throws IOException {
        return send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n" + extraHeaders
                + "Connection: close\r\n\r\n", new byte[0]);
    }

    /** Sends {@code head} (request line and headers, ending with the empty line) and {@code body} as is. */
    static Reply send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedMidway) {
                // The server answered (and closed) before the whole body was sent: read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    /** Reads one response: its head, then a Content-Length body (or up to 64 KiB of whatever follows). */
    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headBytes.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        if (head.length() < 12) {
            return new Reply(-1, head, "");
        }
        int status = Integer.parseInt(head.substring(9, 12));
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        if (status == 101 || head.contains("text/event-stream")) {
            return new Reply(status, head, "");
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readNBytes(65536);
        return new Reply(status, head, new String(body, StandardCharsets.UTF_8));
    }
}
