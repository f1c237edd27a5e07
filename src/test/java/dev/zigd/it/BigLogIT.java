package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;

/**
 * A log of over 300 MiB read through the packaged daemon on the launcher's heap (-Xmx192m, exit on
 * OutOfMemoryError): full reads, three at once, the last lines, and paging, with the daemon alive afterwards.
 */
class BigLogIT {
    private static final String TOKEN = "big-log-token";
    private static final int LINE_BYTES = 16 * 1024;

    /** Writes a log as zig would have (started, outputs, ended) for the daemon to adopt at start; returns its last seq. */
    static long writeLog(Path log, String id, long minBytes, int lineBytes) throws Exception {
        Files.createDirectories(log.getParent());
        String prefix = "{\"seq\":";
        String ts = ",\"ts\":\"2026-01-01T00:00:00+00:00\",\"zig_session_id\":\"" + id + "\"";
        byte[] filler = "x".repeat(lineBytes).getBytes(StandardCharsets.US_ASCII);
        long seq = 0;
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
            byte[] first = (prefix + (++seq) + ts + ",\"type\":\"zig_session_started\",\"workflow_name\":\"big\","
                    + "\"workflow_path\":\"/w.zwf\",\"workspace_path\":null,\"cwd\":null,\"prompt\":null,\"tier_count\":1}\n")
                    .getBytes(StandardCharsets.UTF_8);
            out.write(first);
            while (written < minBytes) {
                byte[] head = (prefix + (++seq) + ts + ",\"type\":\"step_output\",\"step_name\":\"s\",\"stream\":\"stdout\",\"line\":\"")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(head);
                out.write(filler);
                out.write('"');
                out.write('}');
                out.write('\n');
                written += head.length + filler.length + 3;
            }
            out.write((prefix + (++seq) + ts + ",\"type\":\"zig_session_ended\",\"status\":\"success\",\"duration_ms\":1}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return seq;
    }

    @Test
    void aLogOfOver300MiBIsReadWholeInPiecesAndByItsLastLinesOnTheLaunchersHeap() throws Exception {
        Path home = TestFiles.dir("zigd-biglog");
        String id = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        Path log = home.resolve(".zig/logs/sessions/" + id + ".jsonl");
        long lastSeq = writeLog(log, id, 300L * 1024 * 1024, LINE_BYTES);
        assertTrue(Files.size(log) >= 300L * 1024 * 1024);
        try (DaemonProcess daemon = DaemonProcess.start(home, "-XX:+UseSerialGC", "-Xms16m", "-Xmx192m",
                "-XX:+ExitOnOutOfMemoryError", "-Dzigd.token=" + TOKEN)) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String base = "http://127.0.0.1:" + daemon.port + "/api/v1/sessions/" + id;

            // Three full reads at once: each gets every line, in order.
            ExecutorService readers = Executors.newFixedThreadPool(3);
            try {
                List<Future<Page>> reads = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    reads.add(readers.submit(() -> read(client, base)));
                }
                for (Future<Page> read : reads) {
                    Page page = read.get();
                    assertEquals(lastSeq, page.count, "every line");
                    assertEquals(1, page.firstSeq);
                    assertEquals(lastSeq, page.lastSeq);
                    assertEquals("success", page.status);
                }
            } finally {
                readers.shutdownNow();
            }

            Page tail = read(client, base + "?last=5");
            assertEquals(5, tail.count);
            assertEquals(lastSeq - 4, tail.firstSeq, "the last five");
            assertEquals(lastSeq, tail.lastSeq);
            assertEquals(lastSeq - 4, tail.nextBeforeSeq, "there are earlier lines");

            // Paging forward walks the whole log exactly once.
            long after = 0;
            long seen = 0;
            int pages = 0;
            while (true) {
                Page page = read(client, base + "?limit=2000&after_seq=" + after);
                assertEquals(after + 1, page.firstSeq, "a page starts right after the previous one");
                seen += page.count;
                pages++;
                if (page.nextAfterSeq == null) {
                    assertEquals(lastSeq, page.lastSeq);
                    break;
                }
                assertEquals(page.lastSeq, page.nextAfterSeq);
                after = page.nextAfterSeq;
            }
            assertEquals(lastSeq, seen, "paging saw every line once");
            assertTrue(pages > 1);

            // Alive, and still writing for others.
            UnixHttp.Reply health = daemon.call("GET", "/api/v1/health", null);
            assertEquals(200, health.status(), health.body());
            UnixHttp.Reply started = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"after\",\"workflow_path\":\"/w\"}");
            assertEquals(201, started.status(), started.body());
            assertFalse(daemon.output().contains("OutOfMemoryError"), daemon.output());
        } finally {
            Files.deleteIfExists(log); // 300 MiB: deleted even when the test fails (TestFiles keeps the rest)
        }
    }

    @Test
    void stalledTcpReadersAreBoundedAndNeverBlockTheSocketOrOtherRequests() throws Exception {
        Path home = TestFiles.dir("zigd-stalled");
        String id = "8b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e";
        Path log = home.resolve(".zig/logs/sessions/" + id + ".jsonl");
        long lastSeq = writeLog(log, id, 24L * 1024 * 1024, LINE_BYTES);
        List<java.net.Socket> stalled = new ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.start(home, "-XX:+UseSerialGC", "-Xmx192m",
                "-XX:+ExitOnOutOfMemoryError", "-Dzigd.token=" + TOKEN, "-Dzigd.connections.max-tcp-reads=3")) {
            // Three clients ask for the whole log and never read a byte of it.
            for (int i = 0; i < 3; i++) {
                java.net.Socket socket = new java.net.Socket();
                socket.setReceiveBufferSize(4096);
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", daemon.port));
                socket.getOutputStream().write(("GET /api/v1/sessions/" + id + " HTTP/1.1\r\nHost: 127.0.0.1:" + daemon.port
                        + "\r\nAuthorization: Bearer "
                        + TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                stalled.add(socket);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest fourth = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.port + "/api/v1/sessions/"
                    + id + "?last=1")).header("Authorization", "Bearer " + TOKEN).build();
            HttpResponse<String> refused = awaitStatus(client, fourth, 503);
            assertTrue(refused.body().contains("\"code\":\"unavailable\""), refused.body());
            assertTrue(refused.body().contains("zigd.connections.max-tcp-reads"), refused.body());

            // The owner's socket reads the whole log meanwhile, and other requests answer.
            UnixHttp.Reply whole = daemon.call("GET", "/api/v1/sessions/" + id, null);
            assertEquals(200, whole.status());
            assertTrue(whole.body().contains("{\"seq\":" + lastSeq + ","), "the last line is there");
            assertEquals(200, daemon.call("GET", "/api/v1/processes", null).status());
            assertEquals(200, daemon.call("GET", "/api/v1/health", null).status());

            // Once the stalled clients go, their slots come back.
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
            assertEquals(200, awaitStatus(client, fourth, 200).statusCode());
            assertFalse(daemon.output().contains("OutOfMemoryError"), daemon.output());
            daemon.terminate(Duration.ofSeconds(20));
        } finally {
            for (java.net.Socket socket : stalled) {
                socket.close();
            }
            Files.deleteIfExists(log);
        }
    }

    /** Asks until the answer has {@code status} (a state the daemon reaches soon), at most 30 s. */
    private static HttpResponse<String> awaitStatus(HttpClient client, HttpRequest request, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == status) {
                return response;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + status + ", still " + response.statusCode() + ": " + response.body());
    }

    record Page(long count, long firstSeq, long lastSeq, String status, Long nextAfterSeq, Long nextBeforeSeq) {
    }

    /** Reads the answer as a stream, never holding it whole: the events are counted and their seqs checked. */
    static Page read(HttpClient client, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        long count = 0;
        long first = -1;
        long last = -1;
        String status = null;
        Long nextAfter = null;
        Long nextBefore = null;
        try (InputStream body = response.body(); JsonParser parser = new com.fasterxml.jackson.databind.ObjectMapper().getFactory().createParser(body)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "events" -> {
                        assertEquals(JsonToken.START_ARRAY, value);
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode event = parser.readValueAsTree();
                            long seq = event.get("seq").asLong();
                            if (first < 0) {
                                first = seq;
                            } else {
                                assertEquals(last + 1, seq, "in order, no gap");
                            }
                            last = seq;
                            count++;
                        }
                    }
                    case "status" -> status = parser.getValueAsString();
                    case "next_after_seq" -> nextAfter = value == JsonToken.VALUE_NULL ? null : parser.getLongValue();
                    case "next_before_seq" -> nextBefore = value == JsonToken.VALUE_NULL ? null : parser.getLongValue();
                    default -> parser.skipChildren();
                }
            }
            assertNull(parser.nextToken(), "one whole document");
        }
        return new Page(count, first, last, status, nextAfter, nextBefore);
    }
}
