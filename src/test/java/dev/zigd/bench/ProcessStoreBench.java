package dev.zigd.bench;

import dev.zigd.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.zigd.event.Timestamps;
import dev.zigd.event.ZigJson;
import dev.zigd.process.ProcessEntry;
import dev.zigd.process.ProcessStore;

/**
 * Registrations per second with 10,000 entries already in processes.json: zigd's {@link ProcessStore} against zag's
 * way (every registration loads and parses the whole file, adds, pretty-prints it and writes temp + rename).
 * In process, no HTTP. Not part of {@code ./mvnw verify}; run with
 * {@code ./mvnw -B test -Dtest=ProcessStoreBench -Dbench=true} (see bench/README.md).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ProcessStoreBench {
    static final int EXISTING = Integer.getInteger("bench.existing", 10_000);
    static final int SEQUENTIAL = Integer.getInteger("bench.ops", 200);
    static final int CONCURRENT = Integer.getInteger("bench.concurrentOps", 2_000);
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int WARMUP = 30;

    record Processes(List<ProcessEntry> processes) {
    }

    @Test
    void registrationsPerSecond() throws Exception {
        Path dir = TestFiles.dir("zigd-bench");
        byte[] seed = ZigJson.pretty(new Processes(existing(EXISTING)));
        List<String> report = new ArrayList<>();
        report.add("processes.json with " + EXISTING + " entries (" + seed.length / 1024 + " KiB); "
                + Runtime.getRuntime().availableProcessors() + " CPUs; " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));

        Path zagFile = fresh(dir.resolve("zag/processes.json"), seed);
        zagWay(zagFile, WARMUP);
        report.add(line("zag's way: load + parse + add + pretty + temp + rename (no fsync), 1 client",
                SEQUENTIAL, time(() -> zagWay(zagFile, SEQUENTIAL))));

        Path one = fresh(dir.resolve("one/processes.json"), seed);
        ProcessStore store = new ProcessStore(one);
        store.start();
        sequential(store, WARMUP);
        report.add(line("zigd ProcessStore (re-read + compare, per-entry bytes cached, AtomicFile: fsync file + dir), 1 client",
                SEQUENTIAL, time(() -> sequential(store, SEQUENTIAL))));
        report.add(line("zigd ProcessStore, " + CLIENTS + " concurrent clients (group commit)", CONCURRENT,
                time(() -> concurrent(store, CONCURRENT, CLIENTS))));
        store.stop(Duration.ofSeconds(30));

        Path merged = fresh(dir.resolve("merged/processes.json"), seed);
        ProcessStore mergingStore = new ProcessStore(merged);
        mergingStore.start();
        int rounds = SEQUENTIAL / 2;
        report.add(line("zigd ProcessStore, 1 client, zag rewrites the file before every registration"
                + " (re-parse + merge each time; zag's own write included in the time)", rounds,
                time(() -> {
                    for (int i = 0; i < rounds; i++) {
                        zagWay(merged, 1);
                        mergingStore.add(entry()).await().indefinitely();
                    }
                })));
        mergingStore.stop(Duration.ofSeconds(30));

        report.forEach(System.out::println);
        Path results = Path.of("bench/results");
        Files.createDirectories(results);
        Files.write(results.resolve("process-store-" + Instant.now().toString().replace(':', '-') + ".txt"),
                (String.join("\n", report) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** zag's register: ProcessStore::load, add, save (serde_json::to_string_pretty + atomic_write_str). */
    static void zagWay(Path file, int count) throws IOException {
        ObjectMapper mapper = ZigJson.MAPPER;
        for (int i = 0; i < count; i++) {
            Processes store = mapper.readValue(Files.readAllBytes(file), Processes.class);
            List<ProcessEntry> entries = new ArrayList<>(store.processes());
            entries.add(entry());
            Path temp = file.resolveSibling(".processes.json." + ProcessHandle.current().pid() + "." + i + ".tmp");
            Files.write(temp, ZigJson.pretty(new Processes(entries)));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void sequential(ProcessStore store, int count) {
        for (int i = 0; i < count; i++) {
            store.add(entry()).await().indefinitely();
        }
    }

    static void concurrent(ProcessStore store, int count, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger left = new AtomicInteger(count);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    store.add(entry()).await().indefinitely();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
    }

    interface Work {
        void run() throws Exception;
    }

    static long time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    static String line(String what, int ops, long nanos) {
        double seconds = nanos / 1e9;
        return String.format("%-130s %6d registrations in %7.2f s = %8.1f /s (%.2f ms each)", what, ops, seconds,
                ops / seconds, nanos / 1e6 / ops);
    }

    static Path fresh(Path file, byte[] seed) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, seed);
        return file;
    }

    static List<ProcessEntry> existing(int n) {
        List<ProcessEntry> out = new ArrayList<>(n);
        Instant t = Instant.now().minus(Duration.ofDays(30));
        for (int i = 0; i < n; i++) {
            t = t.plusMillis(200);
            out.add(new ProcessEntry(UUID.randomUUID().toString(), 10_000 + i, UUID.randomUUID().toString(), "claude",
                    "sonnet", "run", ("Refactor the module and run the tests, entry " + i + " ").repeat(2).substring(0, 90),
                    Timestamps.format(t), "exited", 0, Timestamps.format(t.plusSeconds(60)), "/home/ada/src/app", null,
                    null));
        }
        return out;
    }

    static ProcessEntry entry() {
        return new ProcessEntry(UUID.randomUUID().toString(), 4242, null, "claude", "opus", "run",
                "a new registration with a short prompt", Timestamps.format(Instant.now()), "running", null, null,
                "/home/ada/src/app", null, null);
    }
}
