package dev.zigd.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import dev.zigd.TestFiles;
import dev.zigd.UnixHttp;
import dev.zigd.event.ZigJson;

/**
 * The fleet in a real browser: a real nats-server, two daemons forwarding to it as hosts alpha and bravo, and a
 * third daemon that is only a fleet view (nothing of its own). Its dashboard opens on the fleet, lists both hosts'
 * sessions with their host and filters by host, shows a session of bravo that starts while the page is open, that
 * session's output as it is written and its end, and the fleet's processes without stop or kill. A daemon without
 * a fleet view offers no Fleet entry. One broker, one browser and the three daemons serve every test method.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetDashboardIT {
    /** Generous: how fast is a matter for the benchmark, not a timing assertion here. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private NatsServer nats;
    private Path homeA;
    private Path homeB;
    private DaemonProcess alpha;
    private DaemonProcess bravo;
    private Path homeF;
    private DaemonProcess fleet;
    private Browser browser;
    private final List<Process> children = new ArrayList<>();
    private String buildOnAlpha;
    private String reviewOnBravo;

    @BeforeAll
    void start() throws Exception {
        nats = NatsServer.start();
        homeA = TestFiles.dir("zigd-fleet-ui-a");
        homeB = TestFiles.dir("zigd-fleet-ui-b");
        Files.createDirectories(homeA.resolve("src/api/.git"));
        Files.createDirectories(homeB.resolve("src/web/.git"));
        alpha = DaemonProcess.start(homeA, Fleets.forwarding(nats, "alpha"));
        bravo = DaemonProcess.start(homeB, Fleets.forwarding(nats, "bravo"));
        homeF = TestFiles.dir("zigd-fleet-ui-view");
        fleet = DaemonProcess.start(homeF, "-Dzigd.fleet.nats-url=" + nats.url());
        browser = Browser.start();
    }

    @AfterAll
    void stop() throws Exception {
        for (Process child : children) {
            child.destroyForcibly();
        }
        try (AutoCloseable n = nats; AutoCloseable a = alpha; AutoCloseable b = bravo; AutoCloseable f = fleet) {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Test
    @Order(1)
    void aFleetOnlyDaemonOpensOnTheFleetListingBothHostsAndFiltersByHost() throws Exception {
        buildOnAlpha = startSession(alpha, homeA.resolve("src/api"), "build");
        reviewOnBravo = startSession(bravo, homeB.resolve("src/web"), "review");
        String deployOnBravo = startSession(bravo, homeB.resolve("src/web"), "deploy");
        post(bravo, deployOnBravo, "{\"type\":\"zig_session_ended\",\"status\":\"failure\"}");
        Fleets.await("the three sessions in the fleet view", WAIT, () -> {
            UnixHttp.Reply reply = fleet.call("GET", "/api/v1/fleet/sessions", null);
            return reply.status() == 200 && ZigJson.MAPPER.readTree(reply.body()).size() == 3;
        });

        // The logged link of a daemon that has nothing of its own: it opens on the fleet.
        browser.driver.get(DashboardIT.loggedLink(fleet.output()));
        browser.wait(WAIT, ExpectedConditions.urlContains("#/fleet"));
        assertFalse(browser.driver.getCurrentUrl().contains("token"), browser.driver.getCurrentUrl());
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.tagName("body"), "data-fleet", "on"));
        assertTrue(browser.driver.findElement(By.id("nav-fleet")).isDisplayed());
        WebElement alphaRow = browser.waitFor(WAIT, row("alpha", buildOnAlpha));
        assertEquals("alpha", alphaRow.findElement(By.cssSelector("td.host")).getText());
        assertEquals("bravo", browser.waitFor(WAIT, row("bravo", reviewOnBravo)).findElement(By.cssSelector("td.host")).getText());
        browser.wait(WAIT, ExpectedConditions.attributeToBe(row("bravo", deployOnBravo), "data-status", "failure"));
        assertEquals(3, rows().size());
        browser.screenshot("fleet");

        new Select(browser.driver.findElement(By.id("filter-host"))).selectByValue("bravo");
        browser.wait(WAIT, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-body tr[data-id]"), 2));
        for (WebElement row : rows()) {
            assertEquals("bravo", row.getDomAttribute("data-host"));
        }
        new Select(browser.driver.findElement(By.id("filter-host"))).selectByValue("alpha");
        browser.wait(WAIT, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-body tr[data-id]"), 1));
        assertEquals(buildOnAlpha, rows().get(0).getDomAttribute("data-id"));
        new Select(browser.driver.findElement(By.id("filter-host"))).selectByValue("");
        browser.wait(WAIT, ExpectedConditions.numberOfElementsToBe(By.cssSelector("#sessions-body tr[data-id]"), 3));
        assertNoPageErrors();
    }

    @Test
    @Order(2)
    void aSessionOfBravoStartedWhileThePageIsOpenAppearsAndItsPageFollowsItToItsEnd() throws Exception {
        browser.driver.get(base(fleet) + "#/fleet");
        browser.waitFor(WAIT, row("alpha", buildOnAlpha));
        // An end changes the badge only through the fleet's /subscribe: once it has, the subscription delivers.
        post(alpha, buildOnAlpha, "{\"type\":\"zig_session_ended\",\"status\":\"success\"}");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(row("alpha", buildOnAlpha), "data-status", "success"));

        String live = startSession(bravo, homeB.resolve("src/web"), "release");
        WebElement row = browser.waitFor(WAIT, row("bravo", live));
        assertEquals("running", row.getDomAttribute("data-status"));
        assertEquals("bravo", row.findElement(By.cssSelector("td.host")).getText());

        browser.click(WAIT, By.cssSelector("#sessions-body tr[data-host='bravo'][data-id='" + live + "'] .session-link"));
        browser.wait(WAIT, ExpectedConditions.urlContains("#/fleet/bravo/" + live));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("session-host"), "bravo"));
        assertTrue(browser.driver.findElement(By.id("read-only")).getText().contains("bravo"));
        post(bravo, live, "[{\"type\":\"tier_started\",\"tier_index\":0,\"step_names\":[\"package\"]},"
                + "{\"type\":\"step_started\",\"step_name\":\"package\",\"tier_index\":0,\"zag_session_id\":\"z-1\","
                + "\"zag_command\":\"run\",\"model\":\"sonnet\",\"prompt_preview\":\"package\"},"
                + output("stdout", "bundling 12 modules") + "," + output("stderr", "warning: large chunk") + "]");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("[data-step='package']"), "data-state", "running"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#output .line-stderr"), "warning: large chunk"));
        for (int i = 1; i <= 30; i++) {
            post(bravo, live, output("stdout", "asset " + i + " written"));
        }
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "asset 30 written"));
        // Untrusted text stays text.
        post(bravo, live, output("stdout", "<img src=x onerror=window.pwned=1>"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "<img src=x onerror=window.pwned=1>"));
        assertEquals(0L, browser.driver.executeScript("return document.querySelectorAll('#output img').length"));

        // The fleet daemon restarts meanwhile: the page resumes after the last seq it holds, from the broker.
        int port = fleet.port;
        fleet.terminate(Duration.ofSeconds(20));
        for (int i = 31; i <= 40; i++) {
            post(bravo, live, output("stdout", "asset " + i + " written"));
        }
        fleet = DaemonProcess.startOnPort(homeF, port, "-Dzigd.fleet.nats-url=" + nats.url());
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "asset 40 written"));
        post(bravo, live, "[{\"type\":\"step_completed\",\"step_name\":\"package\",\"exit_code\":0,\"duration_ms\":2100,"
                + "\"saved_vars\":[]},{\"type\":\"zig_session_ended\",\"status\":\"success\"}]");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.cssSelector("[data-step='package']"), "data-state", "completed"));
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("session-status"), "success"));
        browser.driver.findElement(By.id("output")).click();
        new Actions(browser.driver).sendKeys(Keys.END).perform();
        browser.wait(WAIT, ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "session ended: success"));
        browser.screenshot("fleet-session");

        // Every line once, none missing: the page's seqs are 1..N of the stored log.
        List<Long> seqs = new ArrayList<>();
        for (Object seq : (List<?>) browser.driver.executeScript(
                "return [...document.querySelectorAll('#output .line[data-seq]')].map(l => Number(l.dataset.seq))")) {
            seqs.add(((Number) seq).longValue());
        }
        List<Long> expected = new ArrayList<>();
        for (String line : Fleets.lines(Fleets.logOf(bravo, live))) {
            var event = ZigJson.MAPPER.readTree(line);
            if (!event.path("type").asText().equals("heartbeat")) {
                expected.add(event.path("seq").asLong());
            }
        }
        assertEquals(expected, seqs);
        assertNoPageErrors();
    }

    @Test
    @Order(3)
    void fleetProcessesShowTheHostAndOfferNoStopOrKill() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        children.add(sleeper);
        UnixHttp.Reply reply = alpha.call("POST", "/api/v1/processes", "{\"pid\":" + sleeper.pid()
                + ",\"provider\":\"claude\",\"model\":\"sonnet\",\"command\":\"run\",\"prompt\":\"refactor the parser\"}");
        assertEquals(201, reply.status(), reply.body());
        String id = ZigJson.MAPPER.readTree(reply.body()).path("id").asText();

        browser.driver.get(base(fleet) + "#/fleet");
        browser.waitFor(WAIT, row("alpha", buildOnAlpha));
        new Actions(browser.driver).sendKeys("g").sendKeys("F").perform(); // g F: the fleet's processes
        browser.wait(WAIT, ExpectedConditions.urlContains("#/fleet/processes"));
        By processRow = By.cssSelector("#processes-body tr[data-host='alpha'][data-id='" + id + "']");
        browser.wait(WAIT, ExpectedConditions.attributeToBe(processRow, "data-status", "running"));
        assertEquals("alpha", browser.driver.findElement(processRow).findElement(By.cssSelector("td.host")).getText());
        assertTrue(browser.driver.findElements(By.cssSelector("#processes-body button")).isEmpty(), "no stop or kill");
        assertTrue(browser.driver.findElements(By.cssSelector("th.col-actions")).isEmpty(), "no actions column");
        assertTrue(browser.driver.findElement(By.id("processes-read-only")).getText().contains("Read-only"));
        browser.screenshot("fleet-processes");

        sleeper.destroy();
        sleeper.waitFor();
        browser.wait(WAIT, driver -> !"running".equals(driver.findElement(processRow).getDomAttribute("data-status")));
        assertNoPageErrors();
    }

    @Test
    @Order(4)
    void aDaemonWithoutAFleetViewOffersNoFleet() throws Exception {
        browser.driver.get(DashboardIT.loggedLink(alpha.output()));
        browser.waitFor(WAIT, By.cssSelector("#sessions-body tr[data-id='" + buildOnAlpha + "']"));
        browser.wait(WAIT, ExpectedConditions.attributeToBe(By.tagName("body"), "data-fleet", "off"));
        assertFalse(browser.driver.findElement(By.id("nav-fleet")).isDisplayed());
        new Actions(browser.driver).sendKeys("g").sendKeys("f").perform();
        assertFalse(browser.driver.getCurrentUrl().contains("#/fleet"), browser.driver.getCurrentUrl());
        assertEquals("sessions", browser.driver.findElement(By.tagName("body")).getDomAttribute("data-view"));
    }

    /**
     * Scripts that failed or a CSP that refused something would show in the console as SEVERE (a stream that
     * cut or refused while the fleet daemon restarted is expected).
     */
    private void assertNoPageErrors() {
        for (LogEntry entry : browser.driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !entry.getMessage().contains("net::ERR_")
                    && !entry.getMessage().contains("503 (Service Unavailable)")) {
                throw new AssertionError("the page logged an error: " + entry.getMessage());
            }
        }
    }

    private static String base(DaemonProcess daemon) {
        return "http://127.0.0.1:" + daemon.port + "/";
    }

    private static String startSession(DaemonProcess daemon, Path cwd, String workflow) throws Exception {
        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions", "{\"workflow_name\":\"" + workflow
                + "\",\"workflow_path\":\"/w/" + workflow + ".zwf\",\"cwd\":\"" + cwd + "\",\"tier_count\":1}");
        assertEquals(201, reply.status(), reply.body());
        return ZigJson.MAPPER.readTree(reply.body()).path("zig_session_id").asText();
    }

    private static void post(DaemonProcess daemon, String id, String events) throws Exception {
        UnixHttp.Reply reply = daemon.call("POST", "/api/v1/sessions/" + id + "/events", events);
        assertEquals(200, reply.status(), reply.body());
    }

    private static String output(String stream, String line) {
        return "{\"type\":\"step_output\",\"step_name\":\"package\",\"stream\":\"" + stream + "\",\"line\":\"" + line + "\"}";
    }

    private static By row(String host, String id) {
        return By.cssSelector("#sessions-body tr[data-host='" + host + "'][data-id='" + id + "']");
    }

    private List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#sessions-body tr[data-id]"));
    }

}
