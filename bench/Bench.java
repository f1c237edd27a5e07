import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for a running zigd (see bench/README.md). Single-file program: {@code java bench/Bench.java ...}.
 * Talks HTTP/1.1 with keep-alive over TCP or the Unix socket with the same minimal client, so both transports
 * are measured the same way.
 *
 * <pre>
 *   java bench/Bench.java events   &lt;home&gt; &lt;port&gt; &lt;tcp|unix&gt; &lt;clients&gt; &lt;batch&gt; &lt;seconds&gt;
 *   java bench/Bench.java sessions &lt;home&gt; &lt;port&gt; &lt;tcp|unix&gt; &lt;clients&gt; &lt;count&gt;
 * </pre>
 */
public class Bench {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        boolean unix = args[3].equals("unix");
        int clients = Integer.parseInt(args[4]);
        String token = Files.readString(home.resolve(".zig/zigd.token")).strip();
        Target target = new Target(unix ? UnixDomainSocketAddress.of(home.resolve(".zig/zigd.sock"))
                : new InetSocketAddress("127.0.0.1", port), unix, token);
        switch (args[0]) {
            case "events" -> events(target, clients, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "sessions" -> sessions(target, clients, Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    record Target(SocketAddress address, boolean unix, String token) {
    }

    /** Events/s into one session: every client posts {@code batch} events per request for {@code seconds}. */
    static void events(Target target, int clients, int batch, int seconds) throws Exception {
        String id;
        try (Client c = new Client(target)) {
            id = field(c.post("/api/v1/sessions", "{\"workflow_name\":\"bench\",\"workflow_path\":\"/bench.zwf\"}"),
                    "zig_session_id");
        }
        String event = "{\"type\":\"step_output\",\"step_name\":\"bench\",\"stream\":\"stdout\","
                + "\"line\":\"a typical line of agent output, about eighty characters long, more or less ok\"}";
        String body = batch == 1 ? event : "[" + String.join(",", java.util.Collections.nCopies(batch, event)) + "]";
        String path = "/api/v1/sessions/" + id + "/events";
        // Warm-up: the JIT of both sides.
        run(target, clients, 2, body, path);
        long[] latencies = run(target, clients, seconds, body, path);
        long requests = latencies.length;
        System.out.printf("events transport=%s clients=%d batch=%d: %,d requests in %ds = %,.0f events/s;"
                + " request latency p50=%.2fms p99=%.2fms%n", target.unix() ? "unix" : "tcp", clients, batch,
                requests, seconds, requests * (double) batch / seconds, pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6);
    }

    static long[] run(Target target, int clients, int seconds, String body, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try (Client client = new Client(target)) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        client.post(path, body);
                        if (n == lat.length) {
                            lat = Arrays.copyOf(lat, n * 2);
                        }
                        lat[n++] = System.nanoTime() - t0;
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            all.add(f.get());
        }
        pool.shutdown();
        return all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    /** Sessions started and ended per second, {@code count} in all, spread over the clients. */
    static void sessions(Target target, int clients, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        List<Future<?>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                try (Client client = new Client(target)) {
                    while (next.getAndIncrement() < count) {
                        String id = field(client.post("/api/v1/sessions",
                                "{\"workflow_name\":\"bench\",\"workflow_path\":\"/bench.zwf\"}"), "zig_session_id");
                        client.post("/api/v1/sessions/" + id + "/events",
                                "{\"type\":\"zig_session_ended\",\"status\":\"success\"}");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : results) {
            f.get();
        }
        pool.shutdown();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("sessions transport=%s clients=%d: %,d started+ended in %.2fs = %,.0f sessions/s%n",
                target.unix() ? "unix" : "tcp", clients, count, secs, count / secs);
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * (p / 100.0)))];
    }

    static String field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        int start = at + name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    /** HTTP/1.1 keep-alive client over one socket channel, TCP or Unix alike. */
    static final class Client implements AutoCloseable {
        private final SocketChannel channel;
        private final Target target;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 16);

        Client(Target target) throws IOException {
            this.target = target;
            this.channel = target.unix() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            if (!target.unix()) {
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.connect(target.address());
        }

        String post(String path, String body) throws IOException {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (target.unix() ? "" : "Authorization: Bearer " + target.token() + "\r\n")
                    + "Content-Length: " + payload.length + "\r\n\r\n";
            ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
            out.put(head.getBytes(StandardCharsets.US_ASCII)).put(payload).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return readResponse();
        }

        private String readResponse() throws IOException {
            in.clear();
            int headerEnd;
            while ((headerEnd = indexOf(in, "\r\n\r\n")) < 0) {
                if (channel.read(in) < 0) {
                    throw new IOException("connection closed");
                }
            }
            String head = new String(in.array(), 0, headerEnd, StandardCharsets.US_ASCII);
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            int bodyStart = headerEnd + 4;
            while (in.position() < bodyStart + length) {
                if (channel.read(in) < 0) {
                    throw new IOException("connection closed");
                }
            }
            String body = new String(in.array(), bodyStart, length, StandardCharsets.UTF_8);
            if (status >= 300) {
                throw new IOException("HTTP " + status + ": " + body);
            }
            return body;
        }

        private static int indexOf(ByteBuffer buffer, String needle) {
            byte[] bytes = buffer.array();
            outer:
            for (int i = 0; i + needle.length() <= buffer.position(); i++) {
                for (int j = 0; j < needle.length(); j++) {
                    if (bytes[i + j] != needle.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
