import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Following zig-written sessions (docs/following.md), against a running daemon (bench/follow.sh starts it).
 * This program writes sessions as zig does (log held open, one write + flush per line, indexes rewritten in place),
 * never through zigd.
 *
 * <pre>
 * java bench/FollowBench.java latency <home> <port> <token> <lines> <per-second>
 * java bench/FollowBench.java idle <home> <port> <token> <sessions> <seconds> <daemon-pid>
 * </pre>
 */
public class FollowBench {
    static HttpClient http = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        base = "http://127.0.0.1:" + args[2];
        token = args[3];
        switch (args[0]) {
            case "latency" -> latency(home, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "idle" -> idle(home, Integer.parseInt(args[4]), Integer.parseInt(args[5]), Long.parseLong(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** A session written as zig writes it. */
    static final class Zig {
        final String id = UUID.randomUUID().toString();
        final Path workspace;
        final Path log;
        final OutputStream out;
        long seq;

        Zig(Path home, String project) throws IOException {
            workspace = home.resolve(".zig/projects").resolve(project);
            log = workspace.resolve("logs/sessions").resolve(id + ".jsonl");
            Files.createDirectories(log.getParent());
            out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            write("\"type\":\"zig_session_started\",\"workflow_name\":\"bench\",\"workflow_path\":\"/w/bench.zwf\","
                    + "\"workspace_path\":\"" + workspace + "\",\"cwd\":\"/tmp\",\"prompt\":null,\"tier_count\":1");
        }

        void write(String body) throws IOException {
            String line = "{\"seq\":" + (++seq) + ",\"ts\":\"" + Instant.now() + "\",\"zig_session_id\":\"" + id + "\","
                    + body + "}\n";
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String projectEntry() {
            return "{\"zig_session_id\":\"" + id + "\",\"workflow_name\":\"bench\",\"workflow_path\":\"/w/bench.zwf\","
                    + "\"log_path\":\"" + log + "\",\"started_at\":\"" + Instant.now() + "\",\"ended_at\":null,"
                    + "\"status\":null,\"workspace_path\":\"" + workspace + "\"}";
        }

        String globalEntry() {
            return "{\"zig_session_id\":\"" + id + "\",\"workflow_name\":\"bench\",\"project\":\"" + workspace + "\","
                    + "\"log_path\":\"" + log + "\",\"started_at\":\"" + Instant.now() + "\",\"ended_at\":null,"
                    + "\"status\":null}";
        }
    }

    /** zig's upsert: project index, then the global one, each written in place (appending to what is there). */
    static void index(Path home, List<Zig> sessions) throws IOException {
        Path project = sessions.get(0).workspace.resolve("logs/index.json");
        append(project, sessions.stream().map(Zig::projectEntry).toList());
        append(home.resolve(".zig/sessions_index.json"), sessions.stream().map(Zig::globalEntry).toList());
    }

    static void append(Path file, List<String> entries) throws IOException {
        String old = Files.exists(file) ? Files.readString(file) : "";
        int close = old.lastIndexOf(']');
        String head = close < 0 ? "{\"sessions\":[" : old.substring(0, close) + (old.substring(0, close).trim().endsWith("[") ? "" : ",");
        Files.writeString(file, head + String.join(",", entries) + "]}");
    }

    static int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String getBody(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void latency(Path home, int lines, int perSecond) throws Exception {
        // 1. How soon a session zig starts is listed. The first session (a new project directory, the client's
        // first connection, cold code in both processes) is a warm-up, not counted.
        long[] listed = new long[21];
        for (int i = 0; i < listed.length; i++) {
            Zig zig = new Zig(home, "listed");
            long start = System.nanoTime();
            index(home, List.of(zig));
            while (get("/api/v1/sessions/" + zig.id) != 200) {
                Thread.sleep(0, 200_000);
            }
            listed[i] = System.nanoTime() - start;
            if (System.getenv("VERBOSE") != null) {
                System.out.printf("    listed %d: %.2f ms%n", i, listed[i] / 1e6);
            }
            zig.out.close();
        }
        report("index written -> GET answers 200 (20 sessions after a warm-up one)",
                Arrays.copyOfRange(listed, 1, listed.length));

        // 2. flush -> subscriber, and flush -> a 100 ms poller (zig listen's way).
        Zig zig = new Zig(home, "latency");
        index(home, List.of(zig));
        while (get("/api/v1/sessions/" + zig.id) != 200) {
            Thread.sleep(1);
        }
        long[] flushed = new long[lines];
        long[] received = new long[lines];
        long[] polled = new long[lines];
        CountDownLatch all = new CountDownLatch(lines);
        WebSocket.Listener listener = new WebSocket.Listener() {
            StringBuilder text = new StringBuilder();

            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    long now = System.nanoTime();
                    String frame = text.toString();
                    text.setLength(0);
                    int at = frame.indexOf("\"line\":\"n");
                    if (at >= 0) {
                        int n = Integer.parseInt(frame.substring(at + 9, frame.indexOf('"', at + 9)));
                        received[n] = now;
                        all.countDown();
                    }
                }
                ws.request(1);
                return null;
            }
        };
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(base.replace("http", "ws") + "/api/v1/sessions/" + zig.id + "/stream"), listener)
                .get(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        Thread poller = new Thread(() -> poll(zig.log, polled));
        poller.setDaemon(true);
        poller.start();
        long gap = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (int i = 0; i < lines; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            // From just before zig's write + flush: a receipt can come before the writing thread runs again.
            flushed[i] = System.nanoTime();
            zig.write("\"type\":\"step_output\",\"step_name\":\"b\",\"stream\":\"stdout\",\"line\":\"n" + i + "\"");
            next += gap;
        }
        if (!all.await(30, TimeUnit.SECONDS)) {
            System.out.println("  missing frames: " + all.getCount());
        }
        Thread.sleep(300);
        long[] toSubscriber = new long[lines];
        long[] toPoller = new long[lines];
        for (int i = 0; i < lines; i++) {
            toSubscriber[i] = received[i] - flushed[i];
            toPoller[i] = polled[i] - flushed[i];
        }
        report(lines + " lines at " + perSecond + "/s: zig's flush -> WebSocket subscriber", toSubscriber);
        report(lines + " lines at " + perSecond + "/s: zig's flush -> a 100 ms poller (zig listen)", toPoller);
        ws.abort();
    }

    /** zig listen's way: stat every 100 ms, read what is new. */
    static void poll(Path log, long[] seen) {
        long offset = 0;
        StringBuilder partial = new StringBuilder();
        while (true) {
            try {
                Thread.sleep(100);
                long size = Files.size(log);
                if (size > offset) {
                    byte[] bytes;
                    try (var channel = java.nio.channels.FileChannel.open(log)) {
                        bytes = new byte[(int) (size - offset)];
                        channel.read(java.nio.ByteBuffer.wrap(bytes), offset);
                    }
                    long now = System.nanoTime();
                    offset = size;
                    partial.append(new String(bytes, StandardCharsets.UTF_8));
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, nl);
                        partial.delete(0, nl + 1);
                        int at = line.indexOf("\"line\":\"n");
                        if (at >= 0) {
                            seen[Integer.parseInt(line.substring(at + 9, line.indexOf('"', at + 9)))] = now;
                        }
                    }
                }
            } catch (Exception e) {
                return;
            }
        }
    }

    static void idle(Path home, int count, int seconds, long daemon) throws Exception {
        Thread.sleep(5000); // after the latency run: let the JIT and the collector settle
        System.out.printf("  daemon CPU before the idle sessions are written: %.2f ms/s%n", cpuMsPerSecond(daemon, seconds));
        List<Zig> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(new Zig(home, "idle"));
        }
        index(home, sessions);
        while (!getBody("/api/v1/sessions?status=running&limit=100000").contains(sessions.get(count - 1).id)) {
            Thread.sleep(50);
        }
        Thread.sleep(3000);
        System.out.printf("  daemon CPU, %d open zig sessions held by this process, no line written: %.2f ms/s%n",
                count, cpuMsPerSecond(daemon, seconds));
        int open = count(getBody("/api/v1/sessions?status=running&limit=100000"));
        System.out.println("  still open after the idle window: " + open);
    }

    static int count(String json) {
        int n = 0;
        for (int at = json.indexOf("zig_session_id"); at >= 0; at = json.indexOf("zig_session_id", at + 1)) {
            n++;
        }
        return n;
    }

    static double cpuMsPerSecond(long pid, int seconds) throws Exception {
        long before = cpuTicks(pid);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long ticks = cpuTicks(pid) - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        return ticks * 10.0 / elapsed; // USER_HZ = 100: one tick = 10 ms
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
