package dev.zigd.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

import dev.zigd.ApiClient;
import dev.zigd.TempHome;
import dev.zigd.UnixHttp;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = TempHome.class, restrictToAnnotatedClass = false)
class TransportTest {

    private static Path socket() {
        return TempHome.home().resolve(".zig/zigd.sock");
    }

    @Test
    void unixSocketServesTheApiWithoutAToken() throws Exception {
        // The mode is set right after the bind (Quarkus reports the bind asynchronously). The directory existed
        // (the test home is seeded), so it keeps its mode.
        long deadline = System.currentTimeMillis() + 3000;
        while (!PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())).equals("rw-------")
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));
        UnixHttp.Reply started = UnixHttp.request(socket(), "POST", "/api/v1/sessions",
                "{\"workflow_name\":\"over-unix\",\"workflow_path\":\"/w/u.zwf\"}");
        assertEquals(201, started.status(), started.body());
        String id = started.body().replaceAll(".*\"zig_session_id\":\"([^\"]+)\".*", "$1");
        UnixHttp.Reply appended = UnixHttp.request(socket(), "POST", "/api/v1/sessions/" + id + "/events",
                ApiClient.output("s", "hello over unix"));
        assertEquals(200, appended.status(), appended.body());
        assertEquals("{\"first_seq\":2,\"last_seq\":2}", appended.body());
        UnixHttp.Reply read = UnixHttp.request(socket(), "GET", "/api/v1/sessions/" + id, null);
        assertEquals(200, read.status());
        assertTrue(read.body().contains("hello over unix"));
    }

    @Test
    void tcpRefusesAMissingOrWrongToken() {
        given().get("/api/v1/sessions").then().statusCode(401)
                .body("error.code", equalTo("unauthorized")).body("error.message", containsString("missing bearer token"));
        given().header("Authorization", "Bearer not-the-token").get("/api/v1/sessions").then().statusCode(401)
                .body("error.message", containsString("wrong bearer token"));
        given().header("Authorization", "Basic dGVzdDp0ZXN0").get("/api/v1/sessions").then().statusCode(401);
        // ?token= is for WebSocket and SSE requests only.
        given().queryParam("token", ApiClient.TOKEN).get("/api/v1/sessions").then().statusCode(401);
        given().body("{}").post("/api/v1/sessions").then().statusCode(401);
        ApiClient.api().get("/api/v1/sessions").then().statusCode(200);
    }

    @Test
    void theFleetsStreamRoutesTakeTheQueryTokenAndItsOtherRoutesDoNot() {
        // Past the token rule: the fleet view is off here, so the route itself answers 404.
        given().queryParam("token", ApiClient.TOKEN).get("/api/v1/fleet/sessions/alpha/latest/events/stream").then()
                .statusCode(404).body("error.message", containsString("fleet view is off"));
        given().queryParam("token", "not-the-token").get("/api/v1/fleet/sessions/alpha/latest/events/stream").then()
                .statusCode(401);
        given().queryParam("token", ApiClient.TOKEN).get("/api/v1/fleet/sessions").then().statusCode(401);
        given().queryParam("token", ApiClient.TOKEN).get("/api/v1/fleet/sessions/alpha/latest").then().statusCode(401);
    }

    @Test
    void healthNeedsNoToken() {
        given().get("/api/v1/health").then().statusCode(200).body("status", equalTo("ok"))
                .body("version", equalTo("0.1.0-SNAPSHOT"));
        given().post("/api/v1/health").then().statusCode(401);
    }

    @Test
    void foreignOriginsAreRefused() {
        ApiClient.api().header("Origin", "https://evil.example").get("/api/v1/sessions").then().statusCode(403)
                .body("error.code", equalTo("forbidden")).body("error.message", containsString("https://evil.example"));
        given().header("Origin", "null").get("/api/v1/health").then().statusCode(403);
        given().header("Origin", "http://127.0.0.1:1").get("/api/v1/health").then().statusCode(403);
        int port = io.restassured.RestAssured.port;
        given().header("Origin", "http://localhost:" + port).get("/api/v1/health").then().statusCode(200);
        ApiClient.api().header("Origin", "http://127.0.0.1:" + port).get("/api/v1/sessions").then().statusCode(200);
    }

    @Test
    void unknownRoutesAnswerWithTheErrorDocument() {
        ApiClient.api().get("/api/v1/nothing-here").then().statusCode(404).body("error.code", equalTo("not_found"));
        ApiClient.api().delete("/api/v1/sessions").then().statusCode(405).body("error.code", equalTo("method_not_allowed"));
    }
}
