package dev.zigd.fleet;

import static dev.zigd.ApiClient.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.zigd.TempHome;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Without {@code zigd.fleet.nats-url} and {@code zigd.forward.nats-url}: both are off, and say so. */
@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class FleetOffTest {

    @Test
    void theFleetViewIsOffAndSaysHowToTurnItOn() {
        api().get("/api/v1/fleet/sessions").then().statusCode(404).body("error.code", equalTo("not_found"))
                .body("error.message", containsString("zigd.fleet.nats-url"));
        api().body("{}").post("/api/v1/fleet/sessions/alpha/abc/events").then().statusCode(405)
                .body("error.code", equalTo("method_not_allowed"))
                .body("error.message", containsString("read-only"))
                .body("error.message", containsString("host alpha"));
    }

    @Test
    void forwardingIsOffAndHealthSaysSo() {
        api().get("/q/health").then().statusCode(200)
                .body("checks.find { it.name == 'zigd-forward' }.data.enabled", equalTo(false))
                .body("checks.name", hasItem("zigd-fleet"));
    }
}
