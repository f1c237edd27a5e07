import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;

/**
 * Fleet benchmarks (bench/README.md "Fleet"): starts its own nats-server and packaged daemons on temp homes.
 * Single-file program with jnats on the class path (bench/fleet.sh runs it):
 * <pre>
 *   java -cp jnats.jar bench/FleetBench.java forward  &lt;events&gt;
 *   java -cp jnats.jar bench/FleetBench.java forward-tls &lt;events&gt;   (the same over TLS: certificates made by openssl)
 *   java -cp jnats.jar bench/FleetBench.java latency  &lt;events/s&gt; &lt;seconds&gt;
 *   java -cp jnats.jar bench/FleetBench.java startup  &lt;sessions&gt; &lt;hosts&gt;
 *   java -cp jnats.jar bench/FleetBench.java cli      &lt;sessions&gt; &lt;hosts&gt; &lt;runs&gt;
 * </pre>
 */
public class FleetBench {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<Process> STARTED = Collections.synchronizedList(new ArrayList<>());
    /** Temp directories made here (the broker's store, the daemons' homes), removed at the end. */
    static final List<Path> MADE = Collections.synchronizedList(new ArrayList<>());

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
        Path store = Files.createTempDirectory("fleet-bench-nats");
        MADE.add(store);
        Path tlsDir = Files.createTempDirectory("fleet-bench-tls");
        List<String> tlsProps = args[0].equals("forward-tls") ? tls(tlsDir) : List.of();
        MADE.add(tlsDir);
        int natsPort = freePort();
        Process nats = nats(natsPort, store);
        String url = "nats://127.0.0.1:" + natsPort;
        try {
            switch (args[0]) {
                case "forward" -> forward(url, natsPort, store, Integer.parseInt(args[1]),
                        java.util.Arrays.copyOfRange(args, 2, args.length));
                case "forward-tls" -> {
                    List<String> props = new ArrayList<>(tlsProps);
                    props.addAll(List.of(args).subList(2, args.length));
                    forward(url, natsPort, store, Integer.parseInt(args[1]), props.toArray(String[]::new));
                }
                case "latency" -> latency(url, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                case "startup" -> startup(url, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                case "cli" -> cli(url, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException(args[0]);
            }
        } finally {
            STARTED.forEach(p -> p.destroy());
            for (Process p : STARTED) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (Path dir : MADE) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /**
     * Forwarding rate: {@code events} written (100 per request) while the broker is away, then the broker is
     * started and the time until the stream holds them all is the forwarder's catch-up rate alone.
     */
    static void forward(String url, int natsPort, Path store, int events, String... daemonProps) throws Exception {
        List<String> props = new ArrayList<>(List.of("-Dzigd.host-name=alpha", "-Dzigd.forward.nats-url=" + url));
        props.addAll(List.of(daemonProps));
        Daemon a = Daemon.start(props.toArray(String[]::new));
        String id = a.startSession();
        stopNats();
        long t0 = System.nanoTime();
        for (int i = 0; i < events / 100; i++) {
            a.post(id, outputs(100, "e" + i));
        }
        double writeSecs = (System.nanoTime() - t0) / 1e9;
        int expected = events / 100 * 100 + 1;
        Process nats = nats(natsPort, store);
        long t1 = System.nanoTime();
        try (Connection c = connectWhenUp(url)) {
            String subject = "zigd.events.alpha." + id;
            while (count(c, subject) < expected) {
                Thread.sleep(5);
            }
        }
        double secs = (System.nanoTime() - t1) / 1e9;
        System.out.printf("forward: %,d events written in %.1f s with the broker away; caught up in %.2f s after it"
                + " came back = %,.0f events/s%n", expected, writeSecs, secs, expected / secs);
        System.out.printf("forward: daemon RSS %s%n", rss(a.process.pid()));
    }

    /** POST on host A (one event per request, {@code rate}/s) → frame on the fleet view's /subscribe: p50/p99. */
    static void latency(String url, int rate, int seconds) throws Exception {
        Daemon a = Daemon.start("-Dzigd.host-name=alpha", "-Dzigd.forward.nats-url=" + url);
        Daemon fleet = Daemon.start("-Dzigd.fleet.nats-url=" + url);
        String id = a.startSession();
        a.post(id, outputs(1, "warm"));
        fleet.awaitFleetLoaded();
        ConcurrentHashMap<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + fleet.token())
                .buildAsync(URI.create("ws://127.0.0.1:" + fleet.port + "/api/v1/fleet/subscribe?host=alpha"),
                        new WebSocket.Listener() {
                            final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                long now = System.nanoTime();
                                partial.append(data);
                                if (last) {
                                    String frame = partial.toString();
                                    partial.setLength(0);
                                    int at = frame.indexOf("\"line\":\"m");
                                    if (at >= 0) {
                                        String tag = frame.substring(at + 8, frame.indexOf('"', at + 8));
                                        Long t = sent.remove(tag);
                                        if (t != null) {
                                            latencies.add(now - t);
                                        }
                                    }
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        // Warm-up: 3 s at the same rate, not counted.
        run(a, id, rate, 3, sent, "w");
        Thread.sleep(500);
        latencies.clear();
        run(a, id, rate, seconds, sent, "m");
        Thread.sleep(2000);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("latency: %d/s for %d s, %,d of %,d frames received: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                rate, seconds, sorted.size(), rate * seconds, pct(sorted, 50), pct(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    }

    static void run(Daemon a, String id, int rate, int seconds, ConcurrentHashMap<String, Long> sent, String prefix)
            throws Exception {
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            long due = start + i * period;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            String tag = (prefix.equals("m") ? "m" : "w") + i;
            sent.put(tag, System.nanoTime());
            a.post(id, outputs(1, tag).replace("\"line\":\"" + tag + "-0\"", "\"line\":\"" + tag + "\""));
        }
    }

    /** The two buckets, {@code sessions} entries from {@code hosts} hosts in ZIGD_SESSIONS. */
    static void fill(String url, int sessions, int hosts) throws Exception {
        try (Connection c = Nats.connect(url)) {
            c.keyValueManagement().create(KeyValueConfiguration.builder().name("ZIGD_SESSIONS").maxHistoryPerKey(1)
                    .storageType(StorageType.File).build());
            c.keyValueManagement().create(KeyValueConfiguration.builder().name("ZIGD_PROCESSES").maxHistoryPerKey(1)
                    .storageType(StorageType.File).build());
            JetStream js = c.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                String id = UUID.randomUUID().toString();
                String host = "host-" + (i % hosts);
                String entry = "{\"zig_session_id\":\"" + id + "\",\"workflow_name\":\"wf-" + (i % 17)
                        + "\",\"project\":\"/home/dev/project-" + (i % 40) + "\",\"log_path\":\"/home/dev/.zig/projects/p/logs/"
                        + id + ".jsonl\",\"started_at\":\"2026-05-" + String.format("%02d", 1 + i % 28)
                        + "T10:00:00+00:00\",\"ended_at\":" + (i % 10 == 0 ? "null" : "\"2026-05-03T10:05:00+00:00\"")
                        + ",\"status\":" + (i % 10 == 0 ? "null" : "\"success\"") + "}";
                acks.add(js.publishAsync("$KV.ZIGD_SESSIONS." + host + "." + id, entry.getBytes(StandardCharsets.UTF_8)));
                if (acks.size() == 5000) {
                    for (var ack : acks) {
                        ack.get();
                    }
                    acks.clear();
                }
            }
            for (var ack : acks) {
                ack.get();
            }
            System.out.printf("buckets: %,d entries from %d hosts put in %.1f s%n", sessions, hosts,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Buckets filled with {@code sessions} entries from {@code hosts} hosts; then a fleet view is started. */
    static void startup(String url, int sessions, int hosts) throws Exception {
        fill(url, sessions, hosts);
        long t0 = System.nanoTime();
        Daemon fleet = Daemon.start("-Dzigd.fleet.nats-url=" + url);
        double ready = (System.nanoTime() - t0) / 1e9;
        fleet.awaitFleetLoaded();
        double loaded = (System.nanoTime() - t0) / 1e9;
        String rssLoaded = rss(fleet.process.pid());
        long t1 = System.nanoTime();
        HttpResponse<String> page = fleet.get("/api/v1/fleet/sessions?limit=50");
        double listMs = (System.nanoTime() - t1) / 1e6;
        long t2 = System.nanoTime();
        fleet.get("/api/v1/fleet/sessions?host=host-7&status=running");
        double hostMs = (System.nanoTime() - t2) / 1e6;
        for (int i = 0; i < 20; i++) {
            fleet.get("/api/v1/fleet/sessions?limit=50");
        }
        long t3 = System.nanoTime();
        fleet.get("/api/v1/fleet/sessions?limit=50");
        double warmMs = (System.nanoTime() - t3) / 1e6;
        long t4 = System.nanoTime();
        fleet.get("/api/v1/health");
        System.out.printf("startup: (for scale, GET /api/v1/health on the same daemon now: %.0f ms)%n",
                (System.nanoTime() - t4) / 1e6);
        System.out.printf("startup: daemon answering after %.2f s; buckets loaded after %.2f s; RSS %s;"
                + " first list (limit=50) %.0f ms (%d bytes), one host's running sessions %.0f ms, list once warm %.0f ms%n",
                ready, loaded, rssLoaded, listMs, page.body().length(), hostMs, warmMs);
        System.out.println("startup: heap after a full GC: " + heapUsed(fleet.process.pid()));
        Daemon empty = Daemon.start("-Dzigd.fleet.nats-url=nats://127.0.0.1:1");
        System.out.println("startup: for comparison, a daemon with no fleet loaded: heap after a full GC: "
                + heapUsed(empty.process.pid()) + ", RSS " + rss(empty.process.pid()));
    }

    /**
     * The client on a fleet view of {@code sessions} entries from {@code hosts} hosts: time to the first byte and
     * CPU of {@code zigd sessions --fleet} and friends (bench/first-output.py, {@code runs} runs each).
     */
    static void cli(String url, int sessions, int hosts, int runs) throws Exception {
        fill(url, sessions, hosts);
        Daemon fleet = Daemon.start("-Dzigd.fleet.nats-url=" + url);
        fleet.awaitFleetLoaded();
        for (int i = 0; i < 20; i++) {
            fleet.get("/api/v1/fleet/sessions?limit=50"); // the daemon warm, as bench/cli.sh does
        }
        List<List<String>> commands = List.of(List.of("sessions"), List.of("sessions", "--fleet"),
                List.of("sessions", "--fleet", "-n", "0"),
                List.of("sessions", "--host", "host-" + Math.min(7, hosts - 1)),
                List.of("sessions", "--fleet", "--json"), List.of("hosts"));
        for (List<String> command : commands) {
            List<String> cmd = new ArrayList<>(List.of("python3", "bench/first-output.py", Integer.toString(runs),
                    "bin/zigd"));
            cmd.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
            builder.environment().put("ZIGD_HOME", fleet.home.toString());
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            System.out.printf("cli: %,d sessions, %d hosts: zigd %-28s %s%n", sessions, hosts, String.join(" ", command),
                    out);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static Process natsProcess;
    static final List<String> NATS_TLS_ARGS = new ArrayList<>();
    static String trustStore;

    /** A CA and a server certificate for 127.0.0.1 (openssl), a PKCS12 trust store; the daemon's properties. */
    static List<String> tls(Path dir) throws Exception {
        String ec = "ec_paramgen_curve:prime256v1";
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "ca.key", "-out",
                "ca.pem", "-days", "1", "-subj", "/CN=bench CA");
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "server.key", "-out",
                "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "san.ext");
        run(dir, "keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", "bench-pw");
        NATS_TLS_ARGS.addAll(List.of("--tls", "--tlscert", dir.resolve("server.pem").toString(), "--tlskey",
                dir.resolve("server.key").toString()));
        trustStore = dir.resolve("trust.p12").toString();
        return List.of("-Dzigd.forward.tls-trust-store=" + trustStore,
                "-Dzigd.forward.tls-trust-store-password=bench-pw");
    }

    static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tls.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("tls.log")));
        }
    }

    static Process nats(int port, Path store) throws Exception {
        List<String> command = new ArrayList<>(List.of("nats-server", "-a", "127.0.0.1", "-p", Integer.toString(port),
                "-js", "-sd", store.toString()));
        command.addAll(NATS_TLS_ARGS);
        natsProcess = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(store.resolve("nats.log").toFile()).start();
        STARTED.add(natsProcess);
        connectWhenUp("nats://127.0.0.1:" + port).close();
        return natsProcess;
    }

    static void stopNats() throws Exception {
        natsProcess.destroy();
        natsProcess.waitFor();
    }

    static Connection connectWhenUp(String url) throws Exception {
        for (int i = 0; i < 200; i++) {
            try {
                io.nats.client.Options.Builder options = new io.nats.client.Options.Builder().server(url);
                if (trustStore != null) {
                    options.truststorePath(trustStore).truststorePassword("bench-pw".toCharArray());
                }
                return Nats.connect(options.build());
            } catch (Exception notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nats-server not up at " + url);
    }

    static long count(Connection c, String subject) throws Exception {
        try {
            return c.jetStreamManagement().getLastMessage("ZIGD_EVENTS", subject).getSeq();
        } catch (Exception none) {
            return 0;
        }
    }

    static String outputs(int n, String tag) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\","
                    + "\"line\":\"" + tag + "-" + i + "\"}");
        }
        return body.append("]").toString();
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    static String rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return String.format("%.0f MiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0);
            }
        }
        return "?";
    }

    static String heapUsed(long pid) throws Exception {
        String jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start().waitFor();
        Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(info.getInputStream().readAllBytes());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("generation\\s+total \\d+K, used (\\d+)K").matcher(out);
        long used = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
        }
        return String.format("%.0f MiB", used / 1024.0);
    }

    static int freePort() throws Exception {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The packaged daemon on a temp home, SerialGC and a 256 MiB heap as bench/run.sh starts it. */
    record Daemon(Process process, int port, Path home) {
        static Daemon start(String... props) throws Exception {
            Path home = Files.createTempDirectory("fleet-bench-home");
            MADE.add(home);
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-Dzigd.home=" + home, "-Dquarkus.http.port=" + port,
                    "-Dquarkus.log.level=WARN"));
            cmd.addAll(List.of(props));
            cmd.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("daemon.log").toFile())
                    .start();
            STARTED.add(p);
            Daemon d = new Daemon(p, port, home);
            for (int i = 0; i < 600; i++) {
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return d;
                    }
                } catch (Exception notYet) {
                    // starting
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("daemon did not start: " + Files.readString(home.resolve("daemon.log")));
        }

        String token() throws Exception {
            return Files.readString(home.resolve(".zig/zigd.token")).strip();
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postJson(String path, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        String startSession() throws Exception {
            String body = postJson("/api/v1/sessions", "{\"workflow_name\":\"bench\",\"workflow_path\":\"/w.zwf\"}").body();
            int at = body.indexOf("\"zig_session_id\":\"") + 18;
            return body.substring(at, body.indexOf('"', at));
        }

        void post(String id, String events) throws Exception {
            HttpResponse<String> reply = postJson("/api/v1/sessions/" + id + "/events", events);
            if (reply.statusCode() != 200) {
                throw new IllegalStateException(reply.body());
            }
        }

        void awaitFleetLoaded() throws Exception {
            for (int i = 0; i < 30_000; i++) {
                if (get("/q/health").body().matches("(?s).*\"loaded\"\\s*:\\s*true.*")) {
                    return;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("fleet view not loaded");
        }
    }
}
