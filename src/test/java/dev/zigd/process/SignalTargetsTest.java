package dev.zigd.process;

import static dev.zigd.ApiClient.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;
import dev.zigd.event.Timestamps;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What is refused as a process to record or signal: pid 1, zigd itself, and any thread id, zigd's own above all
 * ({@code kill(2)} on a thread id signals its whole process: registering a zigd thread and calling stop used to stop
 * the daemon). Checked at registration and again before every signal, whatever processes.json says. The daemon
 * under test is this JVM, so its threads are in {@code /proc/self/task}.
 */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class SignalTargetsTest {

    @Test
    void registeringInitZigdOrAThreadIdIsRefused() throws Exception {
        long self = ProcessHandle.current().pid();
        for (long pid : List.of(1L, self, zigdThread())) {
            api().body("{\"pid\":" + pid + ",\"provider\":\"claude\",\"model\":\"m\",\"command\":\"run\"}")
                    .post("/api/v1/processes").then().statusCode(400).body("error.code", equalTo("bad_request"))
                    .body("error.message", containsString("field 'pid' is refused"));
        }
    }

    @Test
    void changingAnEntrysPidToAThreadIdIsRefused() throws Exception {
        Process child = startSleep();
        try {
            String id = api().body("{\"pid\":" + child.pid() + ",\"provider\":\"claude\",\"model\":\"m\",\"command\":\"run\"}")
                    .post("/api/v1/processes").then().statusCode(201).extract().path("id");
            api().body("{\"pid\":" + zigdThread() + "}").post("/api/v1/processes/" + id + "/pid").then().statusCode(400)
                    .body("error.message", containsString("thread of zigd"));
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void stopAndKillRefuseAThreadIdThatZagWroteItself() throws Exception {
        String id = UUID.randomUUID().toString();
        long thread = zigdThread();
        ZagWriter.add(ZagWriter.file(TempHome.home()),
                ZagWriter.entry(id, thread, "claude", Timestamps.format(Instant.now())));
        api().post("/api/v1/processes/" + id + "/stop").then().statusCode(400)
                .body("error.message", containsString("is a thread of zigd itself"));
        api().post("/api/v1/processes/" + id + "/kill").then().statusCode(400)
                .body("error.message", containsString("is a thread of zigd itself"));
        // Still here to answer.
        api().get("/api/v1/health").then().statusCode(200);
    }

    /** A thread of this JVM (the daemon under test) that is not its main thread. */
    private static long zigdThread() throws Exception {
        long self = ProcessHandle.current().pid();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            long tid = tasks.mapToLong(p -> Long.parseLong(p.getFileName().toString())).filter(t -> t != self)
                    .findFirst().orElseThrow();
            assertTrue(tid != self);
            return tid;
        }
    }

    private static Process startSleep() {
        try {
            return new ProcessBuilder("sleep", "60").start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
