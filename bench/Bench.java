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
 *   java bench/Bench.java events   &lt;home&gt; &lt;port&gt; &lt;tcp|unix&gt; &lt;clients&gt; &lt;batch&gt; &lt;seconds&gt; [subscribers]
 *   java bench/Bench.java sessions &lt;home&gt; &lt;port&gt; &lt;tcp|unix&gt; &lt;clients&gt; &lt;count&gt;
 *   java bench/Bench.java latency  &lt;home&gt; &lt;port&gt; &lt;tcp|unix&gt; &lt;subscribers&gt; &lt;events/s&gt; &lt;seconds&gt; [sessions [stream|subscribe|lines]]
 *   java bench/Bench.java ingest   &lt;home&gt; &lt;port&gt; &lt;tcp|unix&gt; &lt;connections&gt; &lt;events/frame&gt; &lt;seconds&gt;
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
            case "events" -> events(target, clients, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    args.length > 7 ? Integer.parseInt(args[7]) : 0);
            case "sessions" -> sessions(target, clients, Integer.parseInt(args[5]));
            case "latency" -> latency(target, clients, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                    args.length > 7 ? Integer.parseInt(args[7]) : 1, args.length > 8 ? args[8] : "stream");
            case "ingest" -> ingest(target, clients, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    record Target(SocketAddress address, boolean unix, String token) {
    }

    /** Events/s into one session: every client posts {@code batch} events per request for {@code seconds}. */
    static void events(Target target, int clients, int batch, int seconds, int subscribers) throws Exception {
        String id = newSession(target);
        List<Ws> subs = new ArrayList<>();
        AtomicLong received = new AtomicLong();
        for (int i = 0; i < subscribers; i++) {
            Ws ws = Ws.open(target, "/api/v1/sessions/" + id + "/stream?after_seq=1");
            ws.countInBackground(received);
            subs.add(ws);
        }
        String event = "{\"type\":\"step_output\",\"step_name\":\"bench\",\"stream\":\"stdout\","
                + "\"line\":\"a typical line of agent output, about eighty characters long, more or less ok\"}";
        String body = batch == 1 ? event : "[" + String.join(",", java.util.Collections.nCopies(batch, event)) + "]";
        String path = "/api/v1/sessions/" + id + "/events";
        // Warm-up: the JIT of both sides (2 s was too short: the first transport measured looked 4x slower).
        warmupRequests = run(target, clients, 8, body, path).length;
        long[] latencies = run(target, clients, seconds, body, path);
        long requests = latencies.length;
        System.out.printf("events transport=%s clients=%d batch=%d subscribers=%d: %,d requests in %ds = %,.0f events/s;"
                + " request latency p50=%.2fms p99=%.2fms%n", target.unix() ? "unix" : "tcp", clients, batch, subscribers,
                requests, seconds, requests * (double) batch / seconds, pct(latencies, 50) / 1e6, pct(latencies, 99) / 1e6);
        for (Ws ws : subs) {
            ws.close();
        }
        if (subscribers > 0) {
            long expected = (requests + warmupRequests) * batch * subscribers;
            System.out.printf("  subscribers received %,d of %,d frames%n", received.get(), expected);
        }
    }

    static long warmupRequests;

    static String newSession(Target target) throws IOException {
        try (Client c = new Client(target)) {
            return field(c.post("/api/v1/sessions", "{\"workflow_name\":\"bench\",\"workflow_path\":\"/bench.zwf\"}"),
                    "zig_session_id");
        }
    }

    /**
     * Event-to-subscriber latency: {@code rate} events/s posted as arrays of 10 (each event carries its post
     * time), {@code subscribers} WebSocket subscribers on the session; latency = receipt - post, per frame.
     * With {@code sessions} &gt; 1 the posts go round-robin to that many sessions and subscriber i streams session
     * i mod sessions ({@code stream}, {@code lines}: the same with {@code ?batch=lines}), or every subscriber takes
     * all sessions' events on {@code /api/v1/subscribe} ({@code subscribe}).
     */
    static void latency(Target target, int subscribers, int rate, int seconds, int sessions, String mode) throws Exception {
        String[] ids = new String[sessions];
        for (int s = 0; s < sessions; s++) {
            ids[s] = newSession(target);
        }
        boolean everything = mode.equals("subscribe");
        long measureFrom = System.nanoTime() + 5_000_000_000L; // 5 s warm-up (JIT of both sides)
        long[][] perSubscriber = new long[subscribers][];
        List<Ws> subs = new ArrayList<>();
        List<long[]> buffers = new ArrayList<>();
        java.util.concurrent.atomic.AtomicIntegerArray counts = new java.util.concurrent.atomic.AtomicIntegerArray(subscribers);
        int capacity = (everything ? rate : rate / sessions + 1) * (seconds + 3);
        for (int i = 0; i < subscribers; i++) {
            long[] lat = new long[capacity];
            buffers.add(lat);
            int index = i;
            Ws ws = Ws.open(target, everything ? "/api/v1/subscribe"
                    : "/api/v1/sessions/" + ids[i % sessions] + "/stream?after_seq=1" + (mode.equals("lines") ? "&batch=lines" : ""));
            ws.readInBackground(frames -> {
                long now = System.nanoTime();
                for (int from = 0, at; (at = frames.indexOf("\"line\":\"t", from)) >= 0; from = at + 9) {
                    long sent = Long.parseLong(frames.substring(at + 9, frames.indexOf('"', at + 9)));
                    if (sent >= measureFrom) {
                        int n = counts.getAndIncrement(index);
                        if (n < lat.length) {
                            lat[n] = now - sent;
                        }
                    }
                }
            });
            subs.add(ws);
        }
        int perRequest = 10;
        long intervalNanos = 1_000_000_000L * perRequest / rate;
        long end = measureFrom + seconds * 1_000_000_000L;
        int posters = 2;
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        List<Future<?>> results = new ArrayList<>();
        long start = System.nanoTime();
        long[] postLatency = new long[(int) (rate / perRequest * (seconds + 3L))];
        java.util.concurrent.atomic.AtomicInteger posted = new java.util.concurrent.atomic.AtomicInteger();
        for (int p = 0; p < posters; p++) {
            int offset = p;
            results.add(pool.submit(() -> {
                try (Client client = new Client(target)) {
                    for (long k = offset; ; k += posters) {
                        long due = start + k * intervalNanos;
                        if (due > end) {
                            break;
                        }
                        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                        StringBuilder body = new StringBuilder("[");
                        long t = System.nanoTime();
                        for (int e = 0; e < perRequest; e++) {
                            body.append(e == 0 ? "" : ",").append("{\"type\":\"step_output\",\"step_name\":\"lat\","
                                    + "\"stream\":\"stdout\",\"line\":\"t").append(t).append("\"}");
                        }
                        client.post("/api/v1/sessions/" + ids[(int) (k % sessions)] + "/events", body.append(']').toString());
                        if (t >= measureFrom) {
                            int n = posted.getAndIncrement();
                            if (n < postLatency.length) {
                                postLatency[n] = System.nanoTime() - t;
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : results) {
            f.get();
        }
        pool.shutdown();
        // Until the frames stop coming (a loaded client may lag behind): at least 1 s, at most 30 s.
        long settled = -1;
        for (int wait = 0; wait < 30; wait++) {
            Thread.sleep(1000);
            long now = 0;
            for (int i = 0; i < subscribers; i++) {
                now += counts.get(i);
            }
            if (now == settled) {
                break;
            }
            settled = now;
        }
        for (Ws ws : subs) {
            ws.close();
        }
        long expected = everything ? (long) rate * seconds : (long) rate * seconds / sessions;
        long got = 0;
        List<Long> all = new ArrayList<>();
        int closedEarly = 0;
        for (int i = 0; i < subscribers; i++) {
            int n = Math.min(counts.get(i), capacity);
            got += n;
            long[] lat = buffers.get(i);
            for (int k = 0; k < n; k++) {
                all.add(lat[k]);
            }
            if (subs.get(i).closedBy != null) {
                closedEarly++;
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] posts = Arrays.stream(postLatency, 0, Math.min(posted.get(), postLatency.length)).sorted().toArray();
        System.out.printf("  POST round trip: p50=%.2fms p99=%.2fms%n", pct(posts, 50) / 1e6, pct(posts, 99) / 1e6);
        System.out.printf("latency transport=%s subscribers=%d sessions=%d mode=%s rate=%,d events/s for %ds: p50=%.2fms"
                + " p99=%.2fms max=%.2fms (%,d of ~%,d events received; %d subscribers cut off)%n",
                target.unix() ? "unix" : "tcp", subscribers, sessions, mode, rate, seconds, pct(sorted, 50) / 1e6, pct(sorted, 99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, got, expected * subscribers, closedEarly);
    }

    /** Events/s through the ingest WebSocket: each connection sends a frame of {@code perFrame} events, waits for the ack. */
    static void ingest(Target target, int connections, int perFrame, int seconds) throws Exception {
        String id = newSession(target);
        String event = "{\"type\":\"step_output\",\"step_name\":\"bench\",\"stream\":\"stdout\","
                + "\"line\":\"a typical line of agent output, about eighty characters long, more or less ok\"}";
        String frame = String.join("\n", java.util.Collections.nCopies(perFrame, event));
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<Long>> results = new ArrayList<>();
        long warm = System.nanoTime() + 2_000_000_000L;
        long end = warm + seconds * 1_000_000_000L;
        for (int c = 0; c < connections; c++) {
            results.add(pool.submit(() -> {
                long frames = 0;
                try (Ws ws = Ws.open(target, "/api/v1/sessions/" + id + "/ingest")) {
                    while (System.nanoTime() < end) {
                        ws.sendText(frame);
                        String ack = ws.readText();
                        if (!ack.startsWith("{\"ack\"")) {
                            throw new IOException(ack);
                        }
                        if (System.nanoTime() > warm) {
                            frames++;
                        }
                    }
                }
                return frames;
            }));
        }
        long frames = 0;
        for (Future<Long> f : results) {
            frames += f.get();
        }
        pool.shutdown();
        System.out.printf("ingest transport=%s connections=%d events/frame=%d: %,.0f events/s%n",
                target.unix() ? "unix" : "tcp", connections, perFrame, frames * (double) perFrame / seconds);
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

    /** A minimal blocking WebSocket client (RFC 6455), TCP or Unix socket. */
    static final class Ws implements AutoCloseable {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
        volatile String closedBy;

        private Ws(SocketChannel channel) {
            this.channel = channel;
            in.flip();
        }

        static Ws open(Target target, String uri) throws IOException {
            SocketChannel channel = target.unix() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            channel.connect(target.address());
            String request = "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (target.unix() ? "" : "Authorization: Bearer " + target.token() + "\r\n") + "\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            Ws ws = new Ws(channel);
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) ws.next());
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + head);
            }
            return ws;
        }

        void readInBackground(java.util.function.Consumer<String> onFrame) {
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        onFrame.accept(readText());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Counts text frames without decoding them (the writer-rate bench: the client shares the CPUs). */
        void countInBackground(AtomicLong frames) {
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        int b0 = next() & 0xff;
                        long length = next() & 0x7f;
                        if (length == 126) {
                            length = ((next() & 0xff) << 8) | (next() & 0xff);
                        } else if (length == 127) {
                            length = 0;
                            for (int i = 0; i < 8; i++) {
                                length = (length << 8) | (next() & 0xff);
                            }
                        }
                        if ((b0 & 0x0f) == 8) {
                            closedBy = "closed";
                            return;
                        }
                        for (long skipped = 0; skipped < length; ) {
                            if (!in.hasRemaining()) {
                                next();
                                skipped++;
                                continue;
                            }
                            int n = (int) Math.min(in.remaining(), length - skipped);
                            in.position(in.position() + n);
                            skipped += n;
                        }
                        if ((b0 & 0x0f) == 1) {
                            frames.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String readText() throws IOException {
            while (true) {
                int b0 = next() & 0xff;
                long length = next() & 0x7f;
                if (length == 126) {
                    length = ((next() & 0xff) << 8) | (next() & 0xff);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | (next() & 0xff);
                    }
                }
                byte[] payload = new byte[(int) length];
                for (int got = 0; got < length; ) {
                    if (!in.hasRemaining()) {
                        payload[got++] = next();
                        continue;
                    }
                    int n = Math.min(in.remaining(), (int) length - got);
                    in.get(payload, got, n);
                    got += n;
                }
                int opcode = b0 & 0x0f;
                if (opcode == 1) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
                if (opcode == 8) {
                    closedBy = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    throw new IOException("closed: " + closedBy);
                }
            }
        }

        private byte next() throws IOException {
            if (!in.hasRemaining()) {
                in.clear();
                if (channel.read(in) < 0) {
                    throw new IOException("closed");
                }
                in.flip();
            }
            return in.get();
        }

        void sendText(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
            frame.put((byte) 0x81);
            if (payload.length < 126) {
                frame.put((byte) (0x80 | payload.length));
            } else if (payload.length < 65536) {
                frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(payload.length);
            }
            frame.put(new byte[] { 0, 0, 0, 0 }).put(payload).flip(); // a zero mask leaves the payload as it is
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
