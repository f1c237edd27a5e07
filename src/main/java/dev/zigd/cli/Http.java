package dev.zigd.cli;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 on one connection: a request out, a response head in, then its body (Content-Length, chunked or to EOF). */
final class Http {
    private Http() {
    }

    record Response(int status, Map<String, String> headers, InputStream body, Connection connection) {
        String text() throws IOException {
            try (connection) {
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    static final class Connection implements Closeable {
        final InputStream in;
        final OutputStream out;
        private final Closeable resource;

        Connection(InputStream in, OutputStream out, Closeable resource) {
            this.in = in;
            this.out = out;
            this.resource = resource;
        }

        Response exchange(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nUser-Agent: zigd-cli\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readHead();
        }

        private Response readHead() throws IOException {
            String statusLine = line(in);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("the daemon closed the connection without an answer");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while ((line = line(in)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            InputStream body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                // Buffered again on top of the de-chunking so that SSE's byte-by-byte reading stays cheap, and so
                // that available() tells a reader whether more has already arrived (listen flushes when not).
                body = new java.io.BufferedInputStream(new Chunked(in), 1 << 16);
            } else if (headers.containsKey("content-length")) {
                body = new Limited(in, Long.parseLong(headers.get("content-length")));
            } else {
                body = in;
            }
            return new Response(status, headers, body, this);
        }

        @Override
        public void close() {
            try {
                resource.close();
            } catch (IOException ignored) {
                // closing a connection that is already gone
            }
        }
    }

    /** One CRLF- or LF-terminated line as ISO-8859-1 text (HTTP heads, chunk sizes); null at EOF. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            } else if (n < 0) {
                throw new IOException("the daemon closed the connection mid-answer");
            }
            return n;
        }
    }

    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            if (done) {
                return false;
            }
            if (left == 0) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("the daemon closed the connection mid-answer");
                }
                int semi = size.indexOf(';');
                left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (left == 0) {
                    done = true;
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!fill()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the daemon closed the connection mid-answer");
            }
            left -= n;
            if (left == 0) {
                line(in);
            }
            return n;
        }
    }
}
