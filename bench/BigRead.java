import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Big-log reads (issue 10), see bench/bigread.sh. Single-file program; needs Jackson on the class path for {@code zig}:
 *
 * <pre>
 *   java BigRead.java gen  &lt;log file&gt; &lt;MiB&gt; &lt;session id&gt;      writes a log as zig would, ~200-byte output lines
 *   java BigRead.java last &lt;port&gt; &lt;token&gt; &lt;id&gt; &lt;n&gt; &lt;requests&gt;  times GET ?last=n (median, p99)
 *   java BigRead.java zig  &lt;log file&gt;                             zig's read_session_events: whole file, then parse
 * </pre>
 */
public class BigRead {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "gen" -> gen(Path.of(args[1]), Long.parseLong(args[2]) << 20, args[3]);
            case "last" -> last(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "zig" -> zig(Path.of(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void gen(Path log, long bytes, String id) throws Exception {
        Files.createDirectories(log.getParent());
        String ts = ",\"ts\":\"2026-01-01T00:00:00.000000+00:00\",\"zig_session_id\":\"" + id + "\"";
        long seq = 0;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            out.write(("{\"seq\":" + (++seq) + ts + ",\"type\":\"zig_session_started\",\"workflow_name\":\"big\","
                    + "\"workflow_path\":\"/w.zwf\",\"workspace_path\":null,\"cwd\":null,\"prompt\":null,\"tier_count\":1}\n")
                    .getBytes(StandardCharsets.UTF_8));
            while (written < bytes) {
                String text = "compiling module " + seq + " of the workspace: warning: unused variable `x` at src/lib.rs:"
                        + (seq % 997) + ":" + (seq % 80) + " (step output of a verbose agent run)";
                byte[] line = ("{\"seq\":" + (++seq) + ts + ",\"type\":\"step_output\",\"step_name\":\"build\","
                        + "\"stream\":\"stdout\",\"line\":\"" + text + "\"}\n").getBytes(StandardCharsets.UTF_8);
                out.write(line);
                written += line.length;
            }
            out.write(("{\"seq\":" + (++seq) + ts + ",\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":1}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("  wrote %s: %.0f MiB, %,d lines%n", log.getFileName(), Files.size(log) / 1048576.0, seq);
    }

    static HttpRequest get(String port, String token, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build();
    }

    static void last(String port, String token, String id, int n, int requests) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = get(port, token, "/api/v1/sessions/" + id + "?last=" + n);
        for (int i = 0; i < 50; i++) {
            client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        long[] times = new long[requests];
        int events = 0;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            times[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.body());
            }
            events = response.body().split("\"seq\":", -1).length - 1;
        }
        Arrays.sort(times);
        System.out.printf("  last=%d: median %.2f ms, p99 %.2f ms (%d requests, %d events each)%n", n,
                times[requests / 2] / 1e6, times[(int) (requests * 0.99)] / 1e6, requests, events);
    }

    /** What zig's read_session_events does: read_to_string the whole file, then parse every line into a value. */
    static void zig(Path log) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        long start = System.nanoTime();
        String content = Files.readString(log);
        List<JsonNode> events = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                events.add(mapper.readTree(line));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        long held = runtime.totalMemory() - runtime.freeMemory() - before;
        System.out.printf("  zig's way (Java emulation) on %.0f MiB: %.2f s = %.0f MB/s, %,d events, %.0f MiB held"
                + " (events + the file as a string)%n", Files.size(log) / 1048576.0, seconds,
                Files.size(log) / 1e6 / seconds, events.size(), held / 1048576.0);
        if (content.isEmpty()) {
            System.out.println(events.size());
        }
    }
}
