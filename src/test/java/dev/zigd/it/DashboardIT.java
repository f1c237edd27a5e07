package dev.zigd.it;

import dev.zigd.TestFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.zigd.UnixHttp;

/**
 * The dashboard in a real browser (Debian's chromium) against the packaged daemon: the link the daemon logs, the
 * token page, the sessions list filling and changing live, a session's steps and output as they are written, a
 * daemon restart in the middle of a session (nothing missed, nothing twice), stop and kill of real child processes,
 * the daemon view, and no API request leaving without the token. Screenshots land in target/dashboard/.
 */
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: "appears within a second" is a matter for the benchmark, not a timing assertion here. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Path home;
    private DaemonProcess daemon;
    private Browser browser;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        home = TestFiles.dir("zigd-dashboard");
        Files.createDirectories(home.resolve("src/app/.git"));
        daemon = DaemonProcess.start(home);
        browser = Browser.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly();
        }
        if (browser != null) {
            browser.close();
        }
        if (daemon != null) {
            daemon.terminate(Duration.ofSeconds(20));
        }
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void dashboardFollowsSessionsAndProcessesLive() throws Exception {
        String link = loggedLink(daemon.output());
        String base = "http://127.0.0.1:" + daemon.port + "/";
        assertTrue(link.startsWith(base + "#token="), link);
        assertStaticHeaders(base);

        // A wrong token gets the explanation, not an empty page.
        browser.driver.get(base + "#token=not-the-token");
        WebElement auth = browser.waitFor(WAIT, By.id("auth"));
        assertTrue(auth.getText().contains("zigd open"), auth.getText());
        browser.screenshot("token-refused");

        // The logged link: the token leaves the address bar; sessions started now appear by themselves.
        browser.driver.get(link);
        browser.waitFor(WAIT, By.id("sessions-body"));
        assertFalse(browser.driver.getCurrentUrl().contains("token"), browser.driver.getCurrentUrl());
        String first = startSession("review");
        WebElement row = browser.waitFor(WAIT, row(first));
        assertEquals("running", row.getDomAttribute("data-status"));
        String second = startSession("deploy");
        browser.waitFor(WAIT, row(second));
        post(first, "{\"type\":\"zig_session_ended\",\"status\":\"failure\"}");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(row(first), "data-status", "failure"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#sessions-body tr[data-id='" + first + "'] .badge"), "failure"));
        // Search by id prefix.
        browser.driver.findElement(By.id("search")).sendKeys(second.substring(0, 6));
        browser.wait(WAIT, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-body tr[data-id]"), 1));
        browser.driver.findElement(By.id("search")).clear();
        browser.driver.findElement(By.id("search")).sendKeys(" ");
        browser.wait(WAIT, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-body tr[data-id]"), 2));
        browser.screenshot("sessions");

        // A session's steps and output appear as they are written.
        browser.click(WAIT, By.cssSelector("#sessions-body tr[data-id='" + second + "'] .session-link"));
        browser.waitFor(WAIT, By.id("timeline"));
        post(second, "[{\"type\":\"tier_started\",\"tier_index\":0,\"step_names\":[\"lint\",\"test\"]},"
                + started("lint") + "," + output("lint", "stdout", "checking 12 files") + ","
                + output("lint", "stderr", "warning: unused import") + ","
                + "{\"type\":\"step_completed\",\"step_name\":\"lint\",\"exit_code\":0,\"duration_ms\":1234,\"saved_vars\":[]},"
                + started("test") + "]");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("[data-step='lint']"), "data-state", "completed"));
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("[data-step='test']"), "data-state", "running"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#output .line-stderr"), "warning: unused import"));
        for (int i = 1; i <= 40; i++) {
            post(second, output("test", "stdout", "test " + i + " ok"));
        }
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "test 40 ok"));
        browser.screenshot("session");

        // The daemon restarts in the middle of the session: the page resumes after the last seq it holds.
        int port = daemon.port;
        daemon.terminate(Duration.ofSeconds(20));
        daemon = DaemonProcess.startOnPort(home, port);
        for (int i = 41; i <= 60; i++) {
            post(second, output("test", "stdout", "test " + i + " ok"));
        }
        post(second, "{\"type\":\"step_failed\",\"step_name\":\"test\",\"exit_code\":1,\"attempt\":2,\"error\":\"3 tests failed\"}");
        post(second, "{\"type\":\"zig_session_ended\",\"status\":\"failure\"}");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("[data-step='test']"), "data-state", "failed"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("session-status"), "failure"));
        browser.driver.findElement(By.id("output")).click();
        new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(org.openqa.selenium.Keys.END).perform();
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "test 60 ok"));
        assertContiguousOutput();

        // 100,000 events: the last page is loaded, only a bounded window of rows is in the page, "load earlier" pages.
        String big = startSession("big");
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder events = new StringBuilder("[");
            for (int i = 0; i < 10_000; i++) {
                events.append(i == 0 ? "" : ",").append(output("build", i % 10 == 0 ? "stderr" : "stdout", "line " + (batch * 10_000 + i)));
            }
            post(big, events.append(']').toString());
        }
        browser.driver.get(base + "#/session/" + big);
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.id("output-count"), "data-shown", "500"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "line 99999"));
        long rendered = (Long) browser.driver.executeScript("return document.querySelectorAll('#output .line').length");
        assertTrue(rendered <= 120, rendered + " rows in the page");
        browser.driver.findElement(By.id("load-earlier")).click();
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.id("output-count"), "data-shown", "1000"));
        post(big, output("build", "stdout", "live after paging"));
        browser.driver.findElement(By.id("follow")).click();
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "live after paging"));
        rendered = (Long) browser.driver.executeScript("return document.querySelectorAll('#output .line').length");
        assertTrue(rendered <= 120, rendered + " rows in the page");

        // Processes: stop and kill act on real child processes, after a confirmation.
        Process stopped = sleeper();
        Process killed = sleeper();
        String stopId = register(stopped.pid(), "stop me");
        String killId = register(killed.pid(), "kill me");
        browser.driver.get(base + "#/processes");
        browser.click(WAIT, By.cssSelector("button[data-action='stop'][data-id='" + stopId + "']"));
        confirm();
        assertTrue(stopped.waitFor(10, TimeUnit.SECONDS), "SIGHUP did not end the stopped process");
        browser.click(WAIT, By.cssSelector("button[data-action='kill'][data-id='" + killId + "']"));
        confirm();
        assertTrue(killed.waitFor(10, TimeUnit.SECONDS), "SIGTERM did not end the killed process");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("#processes-body tr[data-id='" + killId + "']"), "data-status", "killed"));
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("#processes-body tr[data-id='" + stopId + "']"), "data-status", "dead"));
        browser.screenshot("processes");

        browser.driver.get(base + "#/daemon");
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-metric='health'] .card-value"), "ok"));
        browser.waitFor(WAIT, By.cssSelector("[data-metric='write-latency']"));
        browser.screenshot("daemon");

        // A phone's width: the session view stays readable.
        browser.resize(390, 844);
        browser.driver.get(base + "#/session/" + second);
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "test 60 ok"));
        browser.screenshot("session-390");

        assertEveryApiRequestCarriedTheToken();
    }

    /** Every output line the page shows has a distinct seq, and together they have no hole. */
    private void assertContiguousOutput() {
        List<Long> seqs = new ArrayList<>();
        for (Object seq : (List<?>) browser.driver.executeScript(
                "return [...document.querySelectorAll('#output .line[data-seq]')].map(l => Number(l.dataset.seq))")) {
            seqs.add(((Number) seq).longValue());
        }
        Set<Long> distinct = new TreeSet<>(seqs);
        assertEquals(seqs.size(), distinct.size(), "a line is shown twice: " + seqs);
        long low = ((TreeSet<Long>) distinct).first();
        long high = ((TreeSet<Long>) distinct).last();
        assertEquals(high - low + 1, distinct.size(), "a line is missing between " + low + " and " + high + ": " + seqs);
    }

    private void assertEveryApiRequestCarriedTheToken() throws Exception {
        int checked = 0;
        for (LogEntry entry : browser.driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asText();
            String url;
            JsonNode headers = null;
            if (method.equals("Network.requestWillBeSent")) {
                url = message.path("params").path("request").path("url").asText();
                headers = message.path("params").path("request").path("headers");
            } else if (method.equals("Network.webSocketCreated")) {
                url = message.path("params").path("url").asText();
            } else {
                continue;
            }
            String path = URI.create(url).getPath();
            if (path == null || !(path.startsWith("/api/") || path.startsWith("/q/"))) {
                continue;
            }
            checked++;
            boolean header = headers != null && (headers.has("Authorization") || headers.has("authorization"));
            assertTrue(header || url.contains("token="), "a request left without the token: " + url);
        }
        assertTrue(checked > 10, "the performance log saw only " + checked + " API requests");
    }

    private static void assertStaticHeaders(String base) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the page loads without a token");
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        assertFalse(page.body().contains("<script>"), "no inline script");
    }

    static String loggedLink(String log) {
        Matcher m = Pattern.compile("dashboard: (http://\\S+)").matcher(log);
        assertTrue(m.find(), "the daemon logged no dashboard link: " + log);
        return m.group(1);
    }

    private void confirm() {
        WebElement ok = browser.waitFor(WAIT, By.id("confirm-ok"));
        browser.wait(WAIT, ExpectedConditions.visibilityOf(ok));
        ok.click();
    }

    private Process sleeper() throws Exception {
        Process p = new ProcessBuilder("sleep", "300").start();
        children.add(p);
        return p;
    }

    private String register(long pid, String prompt) throws Exception {
        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/processes", "{\"pid\":" + pid
                + ",\"provider\":\"claude\",\"model\":\"sonnet\",\"command\":\"run\",\"prompt\":\"" + prompt + "\"}");
        assertEquals(201, reply.status(), reply.body());
        return JSON.readTree(reply.body()).path("id").asText();
    }

    private String startSession(String workflow) throws Exception {
        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"" + workflow
                + "\",\"workflow_path\":\"/w/" + workflow + ".zwf\",\"cwd\":\"" + home.resolve("src/app") + "\",\"tier_count\":1}");
        assertEquals(201, reply.status(), reply.body());
        return JSON.readTree(reply.body()).path("zig_session_id").asText();
    }

    private void post(String id, String events) throws Exception {
        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions/" + id + "/events", events);
        assertEquals(200, reply.status(), reply.body());
    }

    private static String started(String step) {
        return "{\"type\":\"step_started\",\"step_name\":\"" + step + "\",\"tier_index\":0,\"zag_session_id\":\"z-"
                + step + "\",\"zag_command\":\"run\",\"model\":\"sonnet\",\"prompt_preview\":\"" + step + "\"}";
    }

    private static String output(String step, String stream, String line) {
        return "{\"type\":\"step_output\",\"step_name\":\"" + step + "\",\"stream\":\"" + stream + "\",\"line\":\"" + line + "\"}";
    }

    private static By row(String id) {
        return By.cssSelector("#sessions-body tr[data-id='" + id + "']");
    }

}
